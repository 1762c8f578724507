package dev.probation.gateway;

/**
 * Counts of shadow pairs for one model and detector: how many, how many flagged on each side, and how
 * many flagged on one side only (the discordant pairs, which alone move the gap). The tracker, the
 * chart and the store's totals all count with this, so the five numbers are kept in one place.
 */
record PairCounts(long pairs, long liveFlagged, long shadowFlagged, long liveOnly, long shadowOnly) {

    static final PairCounts NONE = new PairCounts(0, 0, 0, 0, 0);

    /** These counts and one more pair. */
    PairCounts plus(boolean live, boolean shadow) {
        return new PairCounts(pairs + 1, liveFlagged + (live ? 1 : 0), shadowFlagged + (shadow ? 1 : 0),
                liveOnly + (live && !shadow ? 1 : 0), shadowOnly + (shadow && !live ? 1 : 0));
    }

    /** These counts without the pairs counted in {@code part}; check {@link #possible()} after. */
    PairCounts minus(PairCounts part) {
        return new PairCounts(pairs - part.pairs, liveFlagged - part.liveFlagged, shadowFlagged - part.shadowFlagged,
                liveOnly - part.liveOnly, shadowOnly - part.shadowOnly);
    }

    /**
     * Whether some set of pairs has these counts: none negative, and the pairs flagged on both sides
     * and on neither side come out the same counted from either side and at least zero.
     */
    boolean possible() {
        long both = liveFlagged - liveOnly;
        return liveOnly >= 0 && shadowOnly >= 0 && both >= 0 && both == shadowFlagged - shadowOnly
                && pairs - both - liveOnly - shadowOnly >= 0;
    }

    /** The gap's estimate and confidence sequence at level {@code alpha}. */
    GapEstimate gap(double alpha) {
        return GapEstimate.of(this, alpha);
    }
}
