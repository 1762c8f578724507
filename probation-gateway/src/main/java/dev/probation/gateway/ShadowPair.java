package dev.probation.gateway;

import java.time.Instant;

/** One detector's verdict on a live answer and on the same request re-asked as observed. */
public record ShadowPair(String liveId, String model, String detector, Instant at, boolean liveFlagged,
        boolean shadowFlagged) {}
