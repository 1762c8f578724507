package dev.probation.reasoning;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.DetectorProvider;

/** The reasoning detectors, registered as {@link DetectorProvider}s. */
public final class ReasoningDetectors {

    private ReasoningDetectors() {}

    /** Either detector: the offline classifier, or the judge in the options. */
    private abstract static class Provider implements DetectorProvider {
        private final String name;
        private final String description;

        Provider(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Detector create(DetectorOptions options) {
            ReasoningInspector inspector = options.judgeModel()
                    .map(judge -> ReasoningInspector.judge(judge, options.votes()))
                    .orElseGet(ReasoningInspector::offline);
            return new ReasoningDetector(name, inspector);
        }

        @Override
        public boolean supportsJudge() {
            return true;
        }
    }

    /** {@code faking-reasoning}: alignment-faking reasoning in the scratchpad or thinking. */
    public static final class Faking extends Provider {
        public Faking() {
            super(ReasoningDetector.FAKING, "flags reasoning that complies to avoid being modified by training "
                    + "(offline classifier, or --judge <model>)");
        }
    }

    /** {@code eval-awareness}: reasoning that says the situation looks like a test. */
    public static final class EvalAwareness extends Provider {
        public EvalAwareness() {
            super(ReasoningDetector.EVAL_AWARENESS, "flags reasoning that says the situation looks like a test or evaluation "
                    + "(offline classifier, or --judge <model>)");
        }
    }
}
