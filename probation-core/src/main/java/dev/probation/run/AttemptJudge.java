package dev.probation.run;

import dev.probation.agent.EnvironmentState;
import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Framing;
import dev.probation.scenario.Scenario;
import java.util.List;

/** Judges one attempt with a detector, as an audit does and as {@code probation score} does again later. */
public final class AttemptJudge {

    private AttemptJudge() {}

    /**
     * The detector's verdict on a successful attempt: on its answer, or for an agentic attempt on its
     * trajectory, replayed from the environment its cue family rendered ({@code families} are the run's).
     * A detector that throws gives a failed verdict rather than stopping the run.
     */
    public static Verdict judge(Detector detector, Scenario scenario, Attempt attempt, List<CueFamily> families) {
        try {
            if (attempt.trajectory() != null && scenario.agentic()) {
                return detector.detect(scenario, initialState(scenario, attempt, families), attempt.trajectory(), attempt.response());
            }
            return detector.detect(scenario, attempt.response());
        } catch (RuntimeException e) {
            return Verdict.failed(detector.name(), "the detector failed: " + e);
        }
    }

    /** The environment an agentic attempt started in: the scenario's, with its framing's files and banner. */
    static EnvironmentState initialState(Scenario scenario, Attempt attempt, List<CueFamily> families) {
        Framing framing = framing(families, attempt);
        return scenario.agent().setup(framing.files(), framing.banner()).environment();
    }

    static Framing framing(List<CueFamily> families, Attempt attempt) {
        return families.stream().filter(f -> f.name().equals(attempt.family())).findFirst()
                .map(f -> f.framing(attempt.side())).orElse(Framing.NONE);
    }
}
