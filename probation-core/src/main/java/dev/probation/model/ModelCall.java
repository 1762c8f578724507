package dev.probation.model;

import java.time.Duration;

/**
 * The outcome of one managed call: the answer, how many retries it took, whether it came from the
 * cache, and how long the successful try took.
 */
public record ModelCall(ChatResponse response, int retries, boolean cached, Duration latency) {}
