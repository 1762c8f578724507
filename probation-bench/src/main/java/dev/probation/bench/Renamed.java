package dev.probation.bench;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;

/**
 * A detector under another name, exactly as given: the gateway does not turn it into its live
 * version. Lets a baseline run beside the real detector on the same exchanges.
 */
record Renamed(String name, Detector detector) implements Detector {

    @Override
    public String flaggedLabel() {
        return detector.flaggedLabel();
    }

    @Override
    public Verdict detect(Scenario scenario, ChatResponse response) {
        Verdict v = detector.detect(scenario, response);
        return new Verdict(name, v.label(), v.flagged(), v.score(), v.evidence(), v.explanation());
    }

    @Override
    public Detector live() {
        return this;
    }

    @Override
    public boolean counts(Verdict verdict) {
        return detector.counts(verdict);
    }
}
