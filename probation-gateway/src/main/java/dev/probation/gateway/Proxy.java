package dev.probation.gateway;

import dev.probation.util.Json;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;

/**
 * Passes {@code /v1/*} calls to the upstream and the answers back. Event streams are forwarded
 * chunk by chunk as they arrive, never buffered; plain answers are read whole, then sent. Chat
 * completions are captured for the recorder; nothing here waits on the database.
 */
final class Proxy {

    /** The status recorded when the client left before the answer was complete (nginx's convention). */
    static final int CLIENT_CLOSED = 499;
    static final String EXCHANGE_HEADER = "X-Probation-Exchange";
    static final String TAG_HEADER = "X-Probation-Tag";

    private final Upstream upstream;
    private final Recorder recorder;
    private final GatewayMetrics metrics;
    private final int captureLimit;
    private final ShadowSampler shadows;
    /** When the gateway spends its own upstream key, the token clients must show; null otherwise. */
    private final BearerToken clientToken;

    Proxy(Upstream upstream, Recorder recorder, GatewayMetrics metrics, int captureLimit, ShadowSampler shadows,
            BearerToken clientToken) {
        this.clientToken = clientToken;
        this.upstream = upstream;
        this.recorder = recorder;
        this.metrics = metrics;
        this.captureLimit = captureLimit;
        this.shadows = shadows;
    }

    /**
     * {@code POST /v1/chat/completions}: forwarded and recorded; when nothing can record it (the
     * database and the disk refuse, and the memory hold is full), refused or passed on unrecorded.
     */
    void chat(Context ctx) {
        switch (recorder.admit()) {
            case RECORD -> forward(ctx, true);
            case PASS -> forward(ctx, false); // --pass-unrecorded
            case REFUSE -> refuse(ctx);
        }
    }

    /** Any other {@code /v1/*} call: forwarded, not recorded. */
    void other(Context ctx) {
        forward(ctx, false);
    }

    /** A call that cannot be recorded: 503, and the upstream is not called, so it costs nothing. */
    private static void refuse(Context ctx) {
        ctx.status(503).header("Retry-After", "30").contentType("application/json").result(errorJson(
                "recording_unavailable", "the gateway cannot record calls right now (see /api/status); try again later"));
    }

    private void forward(Context ctx, boolean record) {
        if (clientToken != null && !clientToken.matches(ctx.header("Authorization"))) {
            ctx.status(401).header("WWW-Authenticate", "Bearer realm=\"probation-gateway\"").contentType("application/json")
                    .result(errorJson("invalid_api_key", "this gateway needs its client token as the bearer token"));
            return;
        }
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        String id = UUID.randomUUID().toString();
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        String path = req.getRequestURI();
        byte[] body = ctx.bodyAsBytes();
        Map<String, List<String>> headers = headers(req);
        Call call = new Call(record ? new ByteArrayOutputStream() : null, captureLimit);
        long upstreamNanos = 0;
        int status;
        String contentType = "";
        String error = null;
        long upstreamStart = System.nanoTime();
        try (Upstream.Answer answer = upstream.send(req.getMethod(), path.substring("/v1".length()),
                req.getQueryString(), headers, body)) {
            status = answer.status();
            contentType = answer.contentType();
            res.setStatus(status);
            if (!contentType.isEmpty()) {
                res.setContentType(contentType);
            }
            Set<String> named = Upstream.connectionTokens(answer.headers());
            for (HttpField field : answer.headers()) {
                if (Upstream.passedBack(field.getName()) && !named.contains(field.getLowerCaseName())) {
                    res.addHeader(field.getName(), field.getValue());
                }
            }
            if (record) {
                res.setHeader(EXCHANGE_HEADER, id);
            }
            if (contentType.startsWith("text/event-stream")) {
                StreamOutcome outcome = stream(answer.body(), res, call);
                upstreamNanos = outcome.upstreamNanos(upstreamStart);
                error = outcome.error();
                if (outcome.clientGone()) {
                    status = CLIENT_CLOSED;
                }
            } else if (!record) {
                // Files and embeddings may be large: copied through as they come, never held whole.
                // With the upstream's length declared, a body cut short aborts the client's connection
                // instead of ending as a shorter, seemingly complete answer.
                if (answer.contentLength() >= 0) {
                    res.setContentLengthLong(answer.contentLength());
                }
                CopyOutcome outcome = copy(answer.body(), res);
                upstreamNanos = System.nanoTime() - upstreamStart;
                if (outcome.clientGone()) {
                    status = CLIENT_CLOSED;
                }
                error = outcome.error();
            } else {
                byte[] bytes = answer.body().readAllBytes();
                upstreamNanos = System.nanoTime() - upstreamStart;
                call.capture(bytes, bytes.length);
                res.setContentLength(bytes.length);
                try {
                    res.getOutputStream().write(bytes);
                    res.flushBuffer();
                } catch (IOException e) {
                    status = CLIENT_CLOSED;
                    error = "the client went away before the answer was sent";
                }
            }
        } catch (TimeoutException e) {
            upstreamNanos = System.nanoTime() - upstreamStart;
            status = fail(res, record ? id : null, 504, "upstream_timeout", "the upstream did not answer in time");
            error = "upstream timeout";
        } catch (ConnectException e) {
            upstreamNanos = System.nanoTime() - upstreamStart;
            status = fail(res, record ? id : null, 502, "upstream_unreachable", "cannot connect to the upstream");
            error = "upstream unreachable: " + e.getMessage();
        } catch (IOException e) {
            upstreamNanos = System.nanoTime() - upstreamStart;
            if (timedOut(e)) {
                status = fail(res, record ? id : null, 504, "upstream_timeout", "the upstream fell silent mid-answer");
                error = "upstream timeout mid-answer";
            } else {
                status = fail(res, record ? id : null, 502, "upstream_failed",
                        "the connection to the upstream failed: " + message(e));
                error = "upstream connection failed: " + message(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstreamNanos = System.nanoTime() - upstreamStart;
            status = fail(res, record ? id : null, 503, "gateway_stopping", "the gateway is shutting down");
            error = "interrupted";
        } catch (IllegalArgumentException e) {
            status = fail(res, record ? id : null, 400, "invalid_request", "the path or query is not a valid URL: "
                    + e.getMessage());
            error = "invalid URL";
        }
        long duration = System.nanoTime() - start;
        metrics.request(record ? "chat" : "other", status, duration, upstreamNanos);
        if (record) {
            Capture capture = new Capture(id, Exchange.Kind.LIVE, null, startedAt, duration, upstreamNanos, status,
                    contentType, Objects.requireNonNullElse(req.getHeader(TAG_HEADER), ""), path, body, call.captured(), error);
            recorder.submit(capture);
            shadows.consider(capture, headers);
        }
    }

    /** An exception's message, or its type when it has none (Jetty's EOF exceptions often do not). */
    private static String message(Throwable e) {
        Throwable cause = e.getCause() != null && (e.getMessage() == null || e.getMessage().isBlank()) ? e.getCause() : e;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** A plain body copied through; read and write failures are told apart like in {@link #stream}. */
    private static CopyOutcome copy(InputStream in, HttpServletResponse res) {
        byte[] buffer = new byte[16384];
        OutputStream out;
        try {
            out = res.getOutputStream();
        } catch (IOException e) {
            return new CopyOutcome(true, "the client went away before the answer began");
        }
        while (true) {
            int read;
            try {
                read = in.read(buffer);
            } catch (IOException e) {
                return new CopyOutcome(false, "the upstream's answer broke off: " + message(e));
            }
            if (read < 0) {
                return new CopyOutcome(false, null);
            }
            try {
                out.write(buffer, 0, read);
            } catch (IOException e) {
                return new CopyOutcome(true, "the client went away mid-answer");
            }
        }
    }

    private record CopyOutcome(boolean clientGone, String error) {}

    /** Copies events as they come; a failure on either side ends the copy and is reported. */
    private static StreamOutcome stream(InputStream in, HttpServletResponse res, Call call) {
        byte[] buffer = new byte[8192];
        long lastRead = System.nanoTime();
        try (in) {
            OutputStream out;
            try {
                res.flushBuffer(); // the client sees the headers before the first event
                out = res.getOutputStream();
            } catch (IOException e) {
                return new StreamOutcome(lastRead, true, "the client went away before the stream began");
            }
            int read;
            while (true) {
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    lastRead = System.nanoTime();
                    tellClient(out, "the upstream's stream broke off: " + message(e));
                    return new StreamOutcome(lastRead, false, "the upstream's stream broke off: " + message(e));
                }
                lastRead = System.nanoTime();
                if (read < 0) {
                    return new StreamOutcome(lastRead, false, null);
                }
                call.capture(buffer, read);
                try {
                    out.write(buffer, 0, read);
                    out.flush();
                } catch (IOException e) {
                    // Closing the upstream body (try-with-resources) cancels the upstream request.
                    return new StreamOutcome(lastRead, true, "the client went away after " + call.seen + " bytes");
                }
            }
        } catch (IOException e) {
            return new StreamOutcome(lastRead, false, null);
        }
    }

    /** An error event, as OpenAI sends mid-stream, so SDKs raise instead of ending quietly. */
    private static void tellClient(OutputStream out, String message) {
        try {
            out.write(("\n\ndata: " + errorJson("upstream_stream_broken", message) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the client is gone too
        }
    }

    /** Jetty reports silence in the middle of a body as an I/O error caused by a timeout. */
    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static int fail(HttpServletResponse res, String exchangeId, int status, String code, String message) {
        if (res.isCommitted()) {
            return status;
        }
        res.reset();
        res.setStatus(status);
        if (exchangeId != null) {
            res.setHeader(EXCHANGE_HEADER, exchangeId);
        }
        res.setContentType("application/json");
        try {
            byte[] bytes = errorJson(code, message).getBytes(StandardCharsets.UTF_8);
            res.setContentLength(bytes.length);
            res.getOutputStream().write(bytes);
        } catch (IOException e) {
            return CLIENT_CLOSED;
        }
        return status;
    }

    /** An error body in OpenAI's shape, which every OpenAI-compatible SDK knows how to raise. */
    static String errorJson(String code, String message) {
        return Json.MAPPER.createObjectNode().set("error", Json.MAPPER
                .createObjectNode().put("message", "Probation gateway: " + message).put("type", "probation_gateway_error")
                .put("code", code)).toString();
    }

    static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    private record StreamOutcome(long lastRead, boolean clientGone, String error) {
        long upstreamNanos(long upstreamStart) {
            return lastRead - upstreamStart;
        }
    }

    /** What is kept of an answer for the recorder: at most {@code limit} bytes. */
    private static final class Call {
        private final ByteArrayOutputStream captured;
        private final int limit;
        private long seen;

        Call(ByteArrayOutputStream captured, int limit) {
            this.captured = captured;
            this.limit = limit;
        }

        void capture(byte[] bytes, int length) {
            seen += length;
            if (captured != null && captured.size() < limit) {
                captured.write(bytes, 0, Math.min(length, limit - captured.size()));
            }
        }

        byte[] captured() {
            return captured == null ? new byte[0] : captured.toByteArray();
        }
    }
}
