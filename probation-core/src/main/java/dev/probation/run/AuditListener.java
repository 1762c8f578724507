package dev.probation.run;

import dev.probation.detect.Verdict;

/** Progress of an audit, for progress bars and logs. Called from several threads. */
public interface AuditListener {

    /**
     * @param total     attempts in the plan
     * @param done      attempts already finished in an earlier run (resume)
     * @param judgeCalls extra model calls per attempt made by the detector
     */
    default void started(int total, int done, int judgeCalls) {}

    /** An attempt finished; {@code verdict} is null when the call failed. */
    default void finished(Attempt attempt, Verdict verdict) {}

    default void completed() {}

    AuditListener NONE = new AuditListener() {};
}
