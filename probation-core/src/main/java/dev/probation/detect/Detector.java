package dev.probation.detect;

import dev.probation.agent.EnvironmentState;
import dev.probation.agent.Trajectory;
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

    /**
     * Judges what an agent did in an agentic scenario. The default judges its last answer as a chat
     * answer; action detectors ({@code actions}) judge the trajectory and point at the deciding step.
     *
     * @param initial the state the trajectory started from (the scenario's, with what its cue family added)
     */
    default Verdict detect(Scenario scenario, EnvironmentState initial, Trajectory trajectory, ChatResponse lastAnswer) {
        return detect(scenario, lastAnswer);
    }

    /** Model calls each verdict costs (judge calls), shown before a run starts. */
    default int modelCallsPerVerdict() {
        return 0;
    }

    /**
     * This detector as the gateway runs it on live traffic, where the scenario is only the user's
     * last message and nothing about it is known by construction. A detector whose finding depends
     * on the request returns one that judges the request too: the live {@code refusal} flags
     * compliance only with a harmful request. The default is this detector, unchanged.
     *
     * @throws IllegalStateException when the live version needs something missing from the class path
     */
    default Detector live() {
        return this;
    }

    /**
     * Whether a verdict belongs to the population whose flag rate this detector measures, for rates
     * held to an audit's baseline (the gateway's drift test). Default: every valid verdict. The live
     * {@code refusal} counts only verdicts on harmful requests, as in the audit that set its baseline.
     */
    default boolean counts(Verdict verdict) {
        return verdict.valid();
    }
}
