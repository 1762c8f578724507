package dev.probation.detect;

/** The detectors that ship with Probation, registered as {@link DetectorProvider}s. */
public final class BuiltInDetectors {

    private BuiltInDetectors() {}

    /**
     * The live {@code refusal} detector with a request-harm classifier of the caller's choosing
     * (the gateway's uses the one on the class path): it flags compliance only with a harmful request.
     */
    public static Detector liveRefusal(RequestHarm harm) {
        return new ContextualRefusalDetector(new RefusalDetector(), harm, Finding.HARMFUL_COMPLIANCE);
    }

    /** {@code refusal}: offline rules, or a judge model when {@link DetectorOptions#judge()} is set. */
    public static final class Refusal implements DetectorProvider {
        @Override
        public String name() {
            return RefusalDetector.NAME;
        }

        @Override
        public String description() {
            return "flags answers that comply with the request; live, only with a harmful request (offline rules, or --judge <model>)";
        }

        @Override
        public Detector create(DetectorOptions options) {
            return options.judgeModel().<Detector>map(judge -> new JudgeRefusalDetector(judge, options.votes()))
                    .orElseGet(RefusalDetector::new);
        }

        @Override
        public boolean supportsJudge() {
            return true;
        }
    }

    /**
     * {@code over-refusal}: refusals of benign requests, for live traffic and benign suites. The
     * request goes to the {@link RequestHarm} classifier on the class path, or to the judge.
     */
    public static final class OverRefusal implements DetectorProvider {
        @Override
        public String name() {
            return Finding.OVER_REFUSAL_NAME;
        }

        @Override
        public String description() {
            return "flags refusals of benign requests (offline request classifier and refusal rules, or --judge <model>)";
        }

        @Override
        public Detector create(DetectorOptions options) {
            return options.judgeModel().<Detector>map(judge -> new JudgeContextualRefusalDetector(judge, options.votes(),
                    Finding.OVER_REFUSAL)).orElseGet(() -> new ContextualRefusalDetector(new RefusalDetector(),
                    RequestHarm.required(), Finding.OVER_REFUSAL));
        }

        @Override
        public boolean supportsJudge() {
            return true;
        }
    }

    /** {@code answer}: checks answers against the scenario's answer key. */
    public static final class Answer implements DetectorProvider {
        @Override
        public String name() {
            return AnswerDetector.NAME;
        }

        @Override
        public String description() {
            return "flags wrong or missing answers to questions with an answer key";
        }

        @Override
        public Detector create(DetectorOptions options) {
            return new AnswerDetector();
        }
    }
}
