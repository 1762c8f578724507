package dev.probation.gateway;

import java.time.Instant;

/**
 * What the proxy saw of one call, handed to the recorder as is: parsing and detection happen off
 * the client's path.
 *
 * @param request      the client's body
 * @param response     the upstream's body as passed on, cut at the recorder's limit
 * @param contentType  the upstream's content type, or empty when there was no answer
 */
record Capture(
        String id,
        Exchange.Kind kind,
        String shadowOf,
        Instant startedAt,
        long durationNanos,
        long upstreamNanos,
        int status,
        String contentType,
        String clientTag,
        String path,
        byte[] request,
        byte[] response,
        String error) {

    boolean streamed() {
        return contentType.startsWith("text/event-stream");
    }
}
