package dev.probation.liedetector;

/** Progress of a long elicitation, one step per question asked under one instruction. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void started(int steps) {}

        @Override
        public void step(String error) {}
    };

    void started(int steps);

    /** @param error why the step failed, or null */
    void step(String error);
}
