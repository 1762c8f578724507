package dev.probation.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A model call that failed, classified so that callers know whether to retry or stop. */
public final class ModelException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** Missing or rejected credentials (401/403): stops the run. */
        AUTHENTICATION(false, true),
        /** Unknown model or endpoint (404): stops the run. */
        NOT_FOUND(false, true),
        /** The provider cannot be used as configured (no API key, bad base URL): stops the run. */
        CONFIGURATION(false, true),
        /** The request was rejected (400, 413, 422): this call fails, the run goes on. */
        BAD_REQUEST(false, false),
        /** Too many requests (429). */
        RATE_LIMITED(true, false),
        /** A server-side error (5xx, 529 overloaded). */
        SERVER(true, false),
        /** No answer within the timeout. */
        TIMEOUT(true, false),
        /** Connection reset or closed early. */
        NETWORK(true, false),
        /** Nothing listens at the endpoint (connection refused, connect timeout). */
        UNREACHABLE(true, false),
        /** A 2xx answer that is not the expected JSON. */
        MALFORMED_RESPONSE(true, false);

        private final boolean retryable;
        private final boolean fatal;

        Kind(boolean retryable, boolean fatal) {
            this.retryable = retryable;
            this.fatal = fatal;
        }

        public boolean isFatal() {
            return fatal;
        }
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public ModelException(Kind kind, int status, Duration retryAfter, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ModelException(Kind kind, String message) {
        this(kind, 0, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** How long the server asked us to wait (Retry-After), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying the same call again may succeed. */
    public boolean retryable() {
        return kind.retryable;
    }

    /** Whether no further call to this model can succeed, so the run should stop. */
    public boolean fatal() {
        return kind.fatal;
    }
}
