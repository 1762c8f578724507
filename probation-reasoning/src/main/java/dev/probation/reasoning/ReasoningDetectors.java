package dev.probation.reasoning;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.DetectorProvider;

/** The reasoning detectors, registered as {@link DetectorProvider}s. */
public final class ReasoningDetectors {

    private ReasoningDetectors() {}

    private static ReasoningInspector inspector(DetectorOptions options) {
        return options.judgeModel().map(judge -> ReasoningInspector.judge(judge, options.votes()))
                .orElseGet(ReasoningInspector::offline);
    }

    /** {@code faking-reasoning}: alignment-faking reasoning in the scratchpad or thinking. */
    public static final class Faking implements DetectorProvider {
        @Override
        public String name() {
            return ReasoningDetector.FAKING;
        }

        @Override
        public String description() {
            return "flags reasoning that complies to avoid being modified by training (offline classifier, or --judge <model>)";
        }

        @Override
        public Detector create(DetectorOptions options) {
            return new ReasoningDetector(name(), inspector(options));
        }

        @Override
        public boolean supportsJudge() {
            return true;
        }
    }

    /** {@code eval-awareness}: reasoning that says the situation looks like a test. */
    public static final class EvalAwareness implements DetectorProvider {
        @Override
        public String name() {
            return ReasoningDetector.EVAL_AWARENESS;
        }

        @Override
        public String description() {
            return "flags reasoning that says the situation looks like a test or evaluation (offline classifier, or --judge <model>)";
        }

        @Override
        public Detector create(DetectorOptions options) {
            return new ReasoningDetector(name(), inspector(options));
        }

        @Override
        public boolean supportsJudge() {
            return true;
        }
    }
}
