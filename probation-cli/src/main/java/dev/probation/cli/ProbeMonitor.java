package dev.probation.cli;

import dev.probation.detect.Verdict;
import dev.probation.gateway.InputMonitor;
import dev.probation.lab.OpenModel;
import dev.probation.lab.Probe;
import dev.probation.scenario.Prompt;
import java.util.List;
import java.util.Locale;

/**
 * A trained probe in the gateway: reads each request on the open weights of the deployed model and
 * flags it when the residual stream at the prompt's last token lies on the probe's positive side
 * (for a framing probe: the model reads the request as unobserved), from the input alone. A probe trained
 * with a reading point ({@code --read-at}) reads where the open weights' own answer to the request matches it,
 * so it writes that answer first.
 */
final class ProbeMonitor implements InputMonitor {

    static final String NAME = "probe";
    /** The label of a request a probe with a reading point could not read: the answer never reached it. */
    static final String UNREAD = "probe-unread";

    private final Probe probe;
    private final OpenModel model;
    private final String servedAs;

    /** @param servedAs the request {@code model} the probe reads, or null for every request */
    ProbeMonitor(Probe probe, OpenModel model, String servedAs) {
        this.probe = probe;
        this.model = model;
        this.servedAs = servedAs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean reads(String requested) {
        return servedAs == null || servedAs.equals(requested);
    }

    /** A request the probe could not read is no evidence either way, so drift leaves it out. */
    @Override
    public boolean counts(Verdict verdict) {
        return verdict.valid() && !UNREAD.equals(verdict.label());
    }

    @Override
    public Verdict read(String system, String user) {
        if (system.isBlank() && user.isBlank()) {
            return Verdict.failed(NAME, "the request has no system or user message to read");
        }
        Probe.Reading r;
        try {
            r = probe.read(model, new Prompt(system, user));
        } catch (RuntimeException e) { // a Jlama checkpoint refusing a prompt beyond its context, for one
            return Verdict.failed(NAME, model.ref() + " could not read the request: " + e.getMessage());
        }
        if (Double.isNaN(r.projection())) {
            return new Verdict(NAME, UNREAD, false, 0, List.of(), String.format(Locale.ROOT,
                    "%s probe reads where %s's answer matches /%s/, and its answer to this request never did",
                    probe.contrast(), model.ref(), probe.readAt()));
        }
        String explanation = String.format(Locale.ROOT, "%s probe at layer %d of %s: projection %.3f, %s the threshold %.3f",
                probe.contrast(), probe.layer(), model.ref(), r.projection(), r.flagged() ? "above" : "not above",
                r.threshold());
        return new Verdict(NAME, r.flagged() ? "probe-positive" : "probe-negative", r.flagged(), r.score(), List.of(),
                explanation);
    }
}
