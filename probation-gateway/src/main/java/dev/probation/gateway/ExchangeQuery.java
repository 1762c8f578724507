package dev.probation.gateway;

import java.time.Instant;

/**
 * A page of exchanges, newest first, with optional filters (null means any).
 *
 * @param kind     live calls (the default) or shadow calls
 * @param model    exact model name
 * @param detector only exchanges this detector flagged
 * @param flagged  only exchanges some detector flagged (true) or none did (false)
 * @param since    started at or after
 * @param until    started before
 */
public record ExchangeQuery(
        int limit, int offset, Exchange.Kind kind, String model, String detector, Boolean flagged,
        Instant since, Instant until) {

    public static final int MAX_LIMIT = 500;

    public ExchangeQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        kind = kind == null ? Exchange.Kind.LIVE : kind;
    }

    public static ExchangeQuery latest(int limit) {
        return new ExchangeQuery(limit, 0, Exchange.Kind.LIVE, null, null, null, null, null);
    }
}
