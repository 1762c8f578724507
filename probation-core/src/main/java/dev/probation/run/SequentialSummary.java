package dev.probation.run;

import dev.probation.stats.SequentialGap;
import java.util.List;

/**
 * How a sequential audit spent its calls, in {@code summary.json}.
 *
 * @param batch      scenarios per batch
 * @param budget     the most calls it could make: {@code --max-calls}, or the fixed design's number
 * @param calls      calls it made (planned calls; retries of failed ones not counted)
 * @param fixedCalls calls the fixed design makes: scenarios × families × 2 sides × samples
 * @param callsSaved fixed design's calls minus these
 * @param scenarios  scenarios used
 * @param stop       why it stopped: {@code decided} (every family), {@code first-gap} (with
 *                   {@code --stop-at-first-gap}), {@code suite-spent}, {@code budget-spent}, or {@code pending}
 *                   (the run log ends before the audit did)
 * @param families   per family, its decision and confidence sequence over the batches
 */
public record SequentialSummary(int batch, int budget, int calls, int fixedCalls, int callsSaved, int scenarios, String stop,
                                List<Track> families) {

    /**
     * One family's course.
     *
     * @param decidedAfter the batch after which it was decided, or 0 if it never was
     * @param scenarios    scenarios it used
     * @param calls        calls it used
     * @param points       its confidence sequence after each batch
     */
    public record Track(String family, String decision, int decidedAfter, int scenarios, int calls, List<SequentialGap.Point> points) {}
}
