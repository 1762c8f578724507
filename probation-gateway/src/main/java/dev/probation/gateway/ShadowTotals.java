package dev.probation.gateway;

/**
 * All the shadow pairs of one model and detector, counted since recording began: how many, how many
 * flagged on each side, and how many flagged on one side only (the discordant pairs, which alone move
 * the gap).
 */
public record ShadowTotals(String model, String detector, long pairs, long liveFlagged, long shadowFlagged, long liveOnly,
        long shadowOnly) {

    /** The five counts, without the model and detector. */
    PairCounts counts() {
        return new PairCounts(pairs, liveFlagged, shadowFlagged, liveOnly, shadowOnly);
    }

    /** The gap's estimate and confidence sequence at level {@code alpha}. */
    GapEstimate gap(double alpha) {
        return counts().gap(alpha);
    }
}
