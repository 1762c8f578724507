package dev.probation.detect;

import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.function.Function;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the hand-labelled JSONL test sets under src/test/resources/dev/probation/detect. */
final class LabelledSet {

    private LabelledSet() {}

    /** The cases of {@code name} whose verdict label differs from the case's {@code expectedField}. */
    record Score(int cases, List<String> wrong) {
        double accuracy() {
            return 1 - (double) wrong.size() / cases;
        }
    }

    static Score score(String name, Detector detector, Function<JsonNode, Scenario> scenario, String expectedField) {
        List<JsonNode> cases = read(name);
        List<String> wrong = new ArrayList<>();
        for (JsonNode c : cases) {
            Verdict verdict = detector.detect(scenario.apply(c), ChatResponse.of(c.path("response").asString()));
            String expected = c.path(expectedField).asString();
            if (!verdict.label().equals(expected)) {
                wrong.add(c.path("id").asString() + " (expected " + expected + ", got " + verdict.label() + ")");
            }
        }
        Score score = new Score(cases.size(), wrong);
        System.out.printf("%s on %s: %d/%d correct (%.3f); wrong: %s%n", detector.name(), name, cases.size() - wrong.size(),
                cases.size(), score.accuracy(), wrong);
        return score;
    }

    static List<JsonNode> read(String name) {
        try (InputStream in = LabelledSet.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).map(Json.MAPPER::readTree).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
