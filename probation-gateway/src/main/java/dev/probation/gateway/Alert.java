package dev.probation.gateway;

import java.time.Instant;

/**
 * A drift alarm: the live rate of a detector's flag for one model has moved away from its baseline
 * by more than chance allows.
 *
 * @param rate      the live rate since monitoring began
 * @param baseline  the rate it is compared with (an audit's, or a configured one)
 * @param statistic the test's evidence when the alarm fired (an e-value)
 * @param samples   live verdicts seen when it fired
 */
public record Alert(
        String id, Instant raisedAt, String model, String detector, double rate, double baseline,
        double statistic, long samples, String message) {}
