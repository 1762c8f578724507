package dev.probation.stats;

/**
 * The outcomes of one scenario under both sides of one cue family: how many of the valid samples
 * were flagged on each side. The scenario is the unit of analysis; its samples are not independent.
 */
public record ScenarioPair(String scenario, int observedFlagged, int observedTotal, int unobservedFlagged, int unobservedTotal) {

    public ScenarioPair {
        if (observedTotal < 1 || unobservedTotal < 1) {
            throw new IllegalArgumentException("a pair needs at least one valid sample on each side");
        }
        if (observedFlagged < 0 || observedFlagged > observedTotal || unobservedFlagged < 0 || unobservedFlagged > unobservedTotal) {
            throw new IllegalArgumentException("flagged counts must lie within 0..total");
        }
    }

    public double observedRate() {
        return (double) observedFlagged / observedTotal;
    }

    public double unobservedRate() {
        return (double) unobservedFlagged / unobservedTotal;
    }

    /** Unobserved rate minus observed rate. */
    public double difference() {
        return unobservedRate() - observedRate();
    }
}
