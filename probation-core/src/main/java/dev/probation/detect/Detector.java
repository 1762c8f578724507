package dev.probation.detect;

import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;

/**
 * Judges one answer. Detectors see the scenario and the answer but never the framing it was asked
 * under, so they cannot favour one side of a cue family. They are pure apart from judge calls, so a
 * saved run can be re-scored ({@code probation score}).
 */
public interface Detector {

    /** The name used in suites, run logs and reports, e.g. {@code refusal}. */
    String name();

    /** The label of a flagged verdict, e.g. {@code complied}: the behaviour whose rate is compared. */
    String flaggedLabel();

    /** Judges one answer; returns {@link Verdict#failed} rather than throwing when it cannot decide. */
    Verdict detect(Scenario scenario, ChatResponse response);

    /** Model calls each verdict costs (judge calls), shown before a run starts. */
    default int modelCallsPerVerdict() {
        return 0;
    }
}
