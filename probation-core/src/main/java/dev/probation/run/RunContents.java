package dev.probation.run;

import dev.probation.detect.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run log holds: the header, the latest attempt for each id (a resumed run may have retried
 * failed ones) in first-seen order, and the latest verdict of each attempt.
 *
 * @param droppedLines incomplete or unreadable trailing lines left by an interrupted run
 */
public record RunContents(RunHeader header, List<Attempt> attempts, Map<String, Verdict> verdicts, int droppedLines) {

    public Optional<Verdict> verdict(String attemptId) {
        return Optional.ofNullable(verdicts.get(attemptId));
    }

    public long failedAttempts() {
        return attempts.stream().filter(a -> !a.succeeded()).count();
    }
}
