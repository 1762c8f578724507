package dev.probation.testing;

import java.time.Duration;
import java.util.Map;

/**
 * A scripted misbehaviour of {@link FakeModelServer} for one request.
 *
 * @param status   HTTP status to send (ignored when {@code truncate} is set)
 * @param headers  extra response headers
 * @param body     response body
 * @param delay    wait before answering (longer than the client's timeout makes a timeout)
 * @param truncate promise a long body, send a few bytes, then close the connection
 */
public record Fault(int status, Map<String, String> headers, String body, Duration delay, boolean truncate) {

    public static Fault status(int status, String body) {
        return new Fault(status, Map.of(), body, Duration.ZERO, false);
    }

    /** 429 with {@code Retry-After} in whole seconds. */
    public static Fault rateLimited(int retryAfterSeconds) {
        return new Fault(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}", Duration.ZERO, false);
    }

    /** 429 with OpenAI's {@code retry-after-ms}. */
    public static Fault rateLimitedMillis(long millis) {
        return new Fault(429, Map.of("retry-after-ms", String.valueOf(millis)),
                "{\"error\":{\"message\":\"Rate limit reached\"}}", Duration.ZERO, false);
    }

    public static Fault serverError(int status) {
        return status(status, "{\"error\":{\"message\":\"upstream failure\",\"type\":\"server_error\"}}");
    }

    /** A 200 whose body is not JSON. */
    public static Fault malformed() {
        return status(200, "<html><body>502 Bad Gateway</body></html>");
    }

    public static Fault slow(Duration delay) {
        return new Fault(200, Map.of(), null, delay, false);
    }

    public static Fault truncated() {
        return new Fault(200, Map.of(), "{\"id\":\"chatcmpl-trunc", Duration.ZERO, true);
    }

    /**
     * Status, headers and the start of a body, then silence for {@code pause} before the connection
     * is cut: an upstream that hangs mid-answer.
     */
    public static Fault stalled(Duration pause) {
        return new Fault(200, Map.of("X-Fake-Stall", "true"), "{\"id\":\"chatcmpl-stall", pause, true);
    }

    public Fault withDelay(Duration delay) {
        return new Fault(status, headers, body, delay, truncate);
    }
}
