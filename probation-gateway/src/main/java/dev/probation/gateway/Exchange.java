package dev.probation.gateway;

import dev.probation.detect.Verdict;
import dev.probation.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recorded call through the gateway: what the client sent, what the upstream answered, how
 * long it took, and what the detectors concluded. API keys and headers are never part of it.
 *
 * @param id           a random UUID; also sent back to the client as {@code X-Probation-Exchange}
 * @param kind         a client's call, or a shadow call the gateway made itself
 * @param shadowOf     for a shadow call, the id of the live exchange it re-asks; null otherwise
 * @param startedAt    when the gateway received the request
 * @param durationMs   from receiving the request to sending the last byte
 * @param upstreamMs   time spent waiting on the upstream; the rest is the gateway's own
 * @param status       the HTTP status the client got; 499 when the client went away first
 * @param streamed     whether the answer came as server-sent events
 * @param model        the model the answer names, or the one requested
 * @param clientTag    the client's {@code X-Probation-Tag} header, or empty
 * @param path         the API path, e.g. {@code /v1/chat/completions}
 * @param requestBody  the request body as sent by the client (its first {@code captureLimit} bytes)
 * @param responseBody the response body as received from the upstream (events for a stream)
 * @param answer       the answer text, reassembled from the events for a stream
 * @param reasoning    reasoning text the upstream returned, or empty
 * @param finishReason why generation stopped, or empty
 * @param usage        token counts the upstream reported
 * @param error        what went wrong (upstream unreachable, client gone...), or null
 * @param verdicts     the online detectors' verdicts
 * @param tools        the request's tools and the conversation's tool calls, results and the answer's
 *                     calls; {@link ToolTrace#NONE} for a call without tools
 */
public record Exchange(
        String id,
        Kind kind,
        String shadowOf,
        Instant startedAt,
        double durationMs,
        double upstreamMs,
        int status,
        boolean streamed,
        String model,
        String clientTag,
        String path,
        String requestBody,
        String responseBody,
        String answer,
        String reasoning,
        String finishReason,
        Usage usage,
        String error,
        List<Verdict> verdicts,
        ToolTrace tools) {

    /** Who made the call. */
    public enum Kind {
        LIVE, SHADOW;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Exchange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        model = Objects.requireNonNullElse(model, "");
        clientTag = Objects.requireNonNullElse(clientTag, "");
        path = Objects.requireNonNullElse(path, "");
        requestBody = Objects.requireNonNullElse(requestBody, "");
        responseBody = Objects.requireNonNullElse(responseBody, "");
        answer = Objects.requireNonNullElse(answer, "");
        reasoning = Objects.requireNonNullElse(reasoning, "");
        finishReason = Objects.requireNonNullElse(finishReason, "");
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
        verdicts = List.copyOf(Objects.requireNonNullElse(verdicts, List.of()));
        tools = Objects.requireNonNullElse(tools, ToolTrace.NONE);
    }

    /** An exchange without tools. */
    public Exchange(String id, Kind kind, String shadowOf, Instant startedAt, double durationMs, double upstreamMs, int status,
            boolean streamed, String model, String clientTag, String path, String requestBody, String responseBody,
            String answer, String reasoning, String finishReason, Usage usage, String error, List<Verdict> verdicts) {
        this(id, kind, shadowOf, startedAt, durationMs, upstreamMs, status, streamed, model, clientTag, path, requestBody,
                responseBody, answer, reasoning, finishReason, usage, error, verdicts, ToolTrace.NONE);
    }

    /** Whether any detector flagged this exchange. */
    public boolean flagged() {
        return verdicts.stream().anyMatch(Verdict::flagged);
    }

    /** Whether the client got a complete answer. */
    public boolean succeeded() {
        return error == null && status >= 200 && status < 300;
    }

    public Exchange withVerdicts(List<Verdict> verdicts) {
        return new Exchange(id, kind, shadowOf, startedAt, durationMs, upstreamMs, status, streamed, model,
                clientTag, path, requestBody, responseBody, answer, reasoning, finishReason, usage, error, verdicts, tools);
    }
}
