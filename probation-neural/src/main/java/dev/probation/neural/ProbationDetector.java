package dev.probation.neural;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;

/**
 * One of Probation's own detectors, found by name on the class path when first used, so that an
 * organism's misbehaviour is judged exactly as an audit judges it ({@code code-vulnerability} lives in
 * probation-scan, which the CLI puts on the class path; this module does not depend on it).
 */
final class ProbationDetector {

    private final String name;
    private final String module;
    private Detector detector;

    ProbationDetector(String name, String module) {
        this.name = name;
        this.module = module;
    }

    /** Whether the detector flags {@code response} as the answer to {@code scenario}. */
    synchronized boolean flags(Scenario scenario, String response) {
        if (detector == null) {
            try {
                detector = Detectors.create(name, DetectorOptions.offline());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("judging this task needs Probation's '" + name + "' detector from " + module
                        + "; put " + module + " on the class path (" + e.getMessage() + ")", e);
            }
        }
        return detector.detect(scenario, ChatResponse.of(response)).flagged();
    }
}
