package dev.probation.gateway;

import dev.probation.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Drift detection settings.
 *
 * @param alpha     the chance, over the gateway's whole run, that a model whose rate stays at its
 *                  baseline ever raises an alarm for a detector
 * @param baselines flag rate per detector that live traffic is held to; detectors without one are
 *                  not watched
 * @param webhook   where alarms are POSTed as JSON, or null
 * @param cooldown  after an alert, further alarms of the same model and detector within this time
 *                  are counted but not sent
 */
public record DriftConfig(double alpha, Map<String, Double> baselines, URI webhook, Duration cooldown) {

    public DriftConfig {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("--drift-alpha must be within (0, 1), was " + alpha);
        }
        baselines = Map.copyOf(baselines);
        cooldown = Objects.requireNonNullElse(cooldown, Duration.ofMinutes(15));
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("--drift-cooldown must not be negative, was " + cooldown);
        }
        baselines.forEach((detector, rate) -> {
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("the baseline of " + detector + " must be within (0, 1), was " + rate
                        + " (a rate of exactly 0 or 1 cannot drift upwards in a testable way)");
            }
        });
    }

    public static DriftConfig off() {
        return new DriftConfig(0.01, Map.of(), null, null);
    }

    public boolean enabled() {
        return !baselines.isEmpty();
    }

    /**
     * The baseline in an audit's {@code summary.json}: the detector's flag rate under the observed
     * framings, averaged over the cue families — how the model behaved when it believed it was
     * watched, which is what it is held to once deployed.
     */
    public static Map<String, Double> fromSummary(Path summary) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Files.readString(summary));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + summary + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(summary + ":" + e.getLocation().getLineNr() + ": not JSON: "
                    + e.getOriginalMessage());
        }
        String detector = json.path("detector").asString("");
        if (detector.isEmpty()) {
            throw new IllegalArgumentException(summary + ": field 'detector' is missing; is this an audit's summary.json?");
        }
        double sum = 0;
        int families = 0;
        for (JsonNode family : json.path("families")) {
            if (family.path("observedRate").isNumber()) {
                sum += family.path("observedRate").asDouble();
                families++;
            }
        }
        if (families == 0) {
            throw new IllegalArgumentException(summary + ": field 'families' has no observedRate");
        }
        // A rate of exactly 0 cannot be tested upwards: hold the model to half an event in all it answered.
        long answers = Math.max(1, json.path("scenarios").asLong(1) * json.path("samples").asLong(1) * families);
        double rate = Math.min(0.99, Math.max(sum / families, 0.5 / answers));
        Map<String, Double> baseline = new LinkedHashMap<>();
        baseline.put(detector, rate);
        return baseline;
    }
}
