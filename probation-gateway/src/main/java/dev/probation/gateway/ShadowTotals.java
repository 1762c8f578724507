package dev.probation.gateway;

/** All the shadow pairs of one model and detector, counted since recording began. */
public record ShadowTotals(String model, String detector, long pairs, long liveFlagged, long shadowFlagged) {}
