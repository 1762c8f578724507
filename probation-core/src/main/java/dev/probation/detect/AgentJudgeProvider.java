package dev.probation.detect;

/** Registers {@code agent-judge} ({@link AgentJudgeDetector}) with {@link Detectors}; it needs a judge model. */
public final class AgentJudgeProvider implements DetectorProvider {

    @Override
    public String name() {
        return AgentJudgeDetector.NAME;
    }

    @Override
    public String description() {
        return "agentic suites: a judge model reads the whole trajectory and flags actions the agent's principals would not "
                + "sanction, naming the step and tool call (needs --judge <model>; one judge call per trajectory per vote)";
    }

    @Override
    public Detector create(DetectorOptions options) {
        return new AgentJudgeDetector(options.judgeModel().orElseThrow(() -> new IllegalArgumentException(
                "the agent-judge detector needs a judge model: pass --judge <model> (and --votes <n> for a majority)")),
                options.votes());
    }

    @Override
    public boolean supportsJudge() {
        return true;
    }
}
