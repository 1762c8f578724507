package dev.probation.gateway;

import dev.probation.util.Json;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes {@code /v1/*} calls to the upstream and the answers back. Bodies flow through: only their
 * first bytes, up to the capture limit and within the shared capture memory, are kept for the
 * record (see {@link Tap}). Event streams are forwarded chunk by chunk as they arrive; a plain
 * answer that fits the capture is read whole, then sent, and a larger one is passed on as it comes.
 * Nothing here waits on the database.
 */
final class Proxy {

    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);
    /** The status recorded when the client left before the answer was complete (nginx's convention). */
    static final int CLIENT_CLOSED = 499;
    static final String EXCHANGE_HEADER = "X-Probation-Exchange";
    static final String TAG_HEADER = "X-Probation-Tag";
    /** What is read of an unrecorded request's body before the upstream is called (the rest flows on). */
    private static final int READ_AHEAD = 64 * 1024;

    private final Upstream upstream;
    private final Recorder recorder;
    private final GatewayMetrics metrics;
    private final ShadowSampler shadows;
    private final int captureLimit;
    private final long maxRequestBytes;
    private final CaptureBudget budget;
    private final ClientWatch clients;
    /** When the gateway spends its own upstream key, the token clients must show; null otherwise. */
    private final BearerToken clientToken;

    Proxy(Upstream upstream, Recorder recorder, GatewayMetrics metrics, ShadowSampler shadows, GatewayConfig config,
            CaptureBudget budget, ClientWatch clients) {
        this.upstream = upstream;
        this.recorder = recorder;
        this.metrics = metrics;
        this.shadows = shadows;
        this.captureLimit = config.captureLimit();
        this.maxRequestBytes = config.maxRequestBytes();
        this.budget = budget;
        this.clients = clients;
        this.clientToken = config.clientToken() == null ? null : new BearerToken(config.clientToken());
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
        HttpServletRequest req = ctx.req();
        Map<String, List<String>> headers = headers(req);
        try (Call call = new Call(req, ctx.res(), headers, record)) {
            call.run();
            long duration = System.nanoTime() - start;
            metrics.request(record ? "chat" : "other", call.status, duration, call.upstreamNanos);
            if (record) {
                Capture capture = new Capture(call.id, Exchange.Kind.LIVE, null, startedAt, duration, call.upstreamNanos,
                        call.status, call.contentType, Objects.requireNonNullElse(req.getHeader(TAG_HEADER), ""),
                        req.getRequestURI(), call.requestBody(), call.answer.kept(), call.errorWithCuts());
                recorder.submit(Redactor.of(headers, upstream.key()).apply(capture));
                shadows.consider(capture, headers);
            }
        }
    }

    /** One call: its state as it goes, and the captures, given back to the budget when it is over. */
    private final class Call implements AutoCloseable {
        final String id = UUID.randomUUID().toString();
        final HttpServletRequest req;
        final HttpServletResponse res;
        final Map<String, List<String>> headers;
        final boolean record;
        final Tap request;
        final Tap answer;
        byte[] requestBody;
        ClientWatch.Watch watch;
        int status;
        String contentType = "";
        String error;
        long upstreamStart;
        long upstreamNanos;

        Call(HttpServletRequest req, HttpServletResponse res, Map<String, List<String>> headers, boolean record) {
            this.req = req;
            this.res = res;
            this.headers = headers;
            this.record = record;
            this.request = record ? new Tap(captureLimit, budget) : new Tap(READ_AHEAD, null);
            this.answer = new Tap(record ? captureLimit : 0, budget);
        }

        void run() {
            String exchangeId = record ? id : null;
            long declared = req.getContentLengthLong();
            if (declared > maxRequestBytes) {
                status = fail(res, exchangeId, 413, "request_too_large", tooLarge());
                error = "request body of " + declared + " bytes is over the limit";
                return;
            }
            upstreamStart = System.nanoTime();
            try {
                Upstream.Pending pending = send(declared);
                watch = clients.watch(req, () -> pending.abort(new ClientLeft()));
                try (Upstream.Answer upstreamAnswer = pending.answer()) {
                    upstreamNanos = passOn(upstreamAnswer);
                }
            } catch (TooLarge e) {
                status = fail(res, exchangeId, 413, "request_too_large", tooLarge());
                error = "request body over the limit";
            } catch (ClientBodyBroken e) {
                status = CLIENT_CLOSED;
                error = "the client went away while sending its request";
            } catch (TimeoutException e) {
                upstreamNanos = System.nanoTime() - upstreamStart;
                status = fail(res, exchangeId, 504, "upstream_timeout", "the upstream did not answer in time");
                error = "upstream timeout";
            } catch (ConnectException e) {
                upstreamNanos = System.nanoTime() - upstreamStart;
                status = fail(res, exchangeId, 502, "upstream_unreachable", "cannot connect to the upstream");
                error = "upstream unreachable: " + UpstreamFailure.describe(e);
            } catch (IOException e) {
                upstreamNanos = System.nanoTime() - upstreamStart;
                if (watch != null && watch.clientLeft()) {
                    status = CLIENT_CLOSED;
                    error = "the client went away before the answer was complete";
                } else if (timedOut(e)) {
                    status = fail(res, exchangeId, 504, "upstream_timeout", "the upstream fell silent mid-answer");
                    error = "upstream timeout mid-answer";
                } else {
                    String why = UpstreamFailure.describe(e);
                    status = fail(res, exchangeId, 502, "upstream_failed", "the connection to the upstream failed: " + why);
                    error = "upstream connection failed: " + why;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                upstreamNanos = System.nanoTime() - upstreamStart;
                status = fail(res, exchangeId, 503, "gateway_stopping", "the gateway is shutting down");
                error = "interrupted";
            } catch (IllegalArgumentException e) {
                status = fail(res, exchangeId, 400, "invalid_request", "the path or query is not a valid URL: " + e.getMessage());
                error = "invalid URL";
            } catch (RuntimeException e) {
                // Whatever went wrong, the client gets an answer and the call is recorded under its id.
                LOG.warn("forwarding {} failed unexpectedly", req.getRequestURI(), e);
                upstreamNanos = System.nanoTime() - upstreamStart;
                String why = UpstreamFailure.describe(e);
                status = fail(res, exchangeId, 502, "upstream_failed", "the call to the upstream failed: " + why);
                error = "upstream call failed: " + why;
            }
        }

        /**
         * Reads the client's body and starts the upstream call: with the body whole when it fits
         * the capture (or the read-ahead), else streamed on as it arrives.
         */
        private Upstream.Pending send(long declared) throws IOException {
            String path = req.getRequestURI().substring("/v1".length());
            InputStream in = req.getInputStream();
            boolean whole;
            try {
                whole = request.fill(in);
            } catch (IOException e) {
                throw new ClientBodyBroken(e);
            }
            if (request.seen() > maxRequestBytes) {
                throw new TooLarge();
            }
            upstreamStart = System.nanoTime(); // from here on the time is the upstream's, a streamed upload included
            if (whole) {
                requestBody = request.kept();
                return upstream.start(req.getMethod(), path, req.getQueryString(), headers, requestBody);
            }
            Upstream.Pending pending = upstream.stream(req.getMethod(), path, req.getQueryString(), headers, declared);
            OutputStream out = pending.body();
            byte[] buffer = new byte[16384];
            try {
                request.copyTo(out);
                while (true) {
                    int read;
                    try {
                        read = in.read(buffer);
                    } catch (IOException e) {
                        pending.abort(e);
                        throw new ClientBodyBroken(e);
                    }
                    if (read < 0) {
                        break;
                    }
                    request.write(buffer, 0, read);
                    if (request.seen() > maxRequestBytes) {
                        pending.abort(new TooLarge());
                        throw new TooLarge();
                    }
                    out.write(buffer, 0, read);
                }
                out.close();
            } catch (TooLarge | ClientBodyBroken e) {
                throw e;
            } catch (IOException e) {
                // The upstream stopped reading: it answered early or failed, which its answer tells.
            }
            return pending;
        }

        /** Sends the upstream's answer on; returns the time spent waiting on the upstream. */
        private long passOn(Upstream.Answer upstreamAnswer) throws IOException {
            status = upstreamAnswer.status();
            contentType = upstreamAnswer.contentType();
            res.setStatus(status);
            if (!contentType.isEmpty()) {
                res.setContentType(contentType);
            }
            Set<String> named = Upstream.connectionTokens(upstreamAnswer.headers());
            for (HttpField field : upstreamAnswer.headers()) {
                if (Upstream.passedBack(field.getName()) && !named.contains(field.getLowerCaseName())) {
                    res.addHeader(field.getName(), field.getValue());
                }
            }
            if (record) {
                res.setHeader(EXCHANGE_HEADER, id);
            }
            InputStream body = upstreamAnswer.body();
            if (contentType.startsWith("text/event-stream")) {
                Relay.StreamOutcome outcome = Relay.stream(body, res, answer);
                return end(outcome.clientGone(), outcome.error(), outcome.lastRead() - upstreamStart);
            }
            // A plain answer that fits the capture is read whole: a failure then still gets a clean error.
            if (record && answer.fill(body)) {
                long waited = System.nanoTime() - upstreamStart;
                watch.close(); // the client may now read the answer and leave
                byte[] bytes = answer.kept();
                res.setContentLength(bytes.length);
                try {
                    res.getOutputStream().write(bytes);
                    res.flushBuffer();
                } catch (IOException e) {
                    status = CLIENT_CLOSED;
                    error = "the client went away before the answer was sent";
                }
                return waited;
            }
            // Larger answers, and every unrecorded one, are copied through as they come, never held whole.
            // With the upstream's length declared, a body cut short aborts the client's connection
            // instead of ending as a shorter, seemingly complete answer.
            if (upstreamAnswer.contentLength() >= 0) {
                res.setContentLengthLong(upstreamAnswer.contentLength());
            }
            Relay.CopyOutcome outcome = Relay.copy(body, res, answer);
            return end(outcome.clientGone(), outcome.error(), System.nanoTime() - upstreamStart);
        }

        /** Settles the status after a copy: a read that failed because the client left counts as the client's. */
        private long end(boolean clientGone, String copyError, long waited) {
            error = copyError;
            if (copyError != null && watch.clientLeft()) {
                status = CLIENT_CLOSED;
                error = "the client went away mid-answer";
            } else if (clientGone) {
                status = CLIENT_CLOSED;
            }
            return waited;
        }

        private String tooLarge() {
            return "the request body is larger than the gateway's limit of " + maxRequestBytes + " bytes";
        }

        byte[] requestBody() {
            return requestBody != null ? requestBody : request.kept();
        }

        /** The error, with a note for each body recorded cut (such a record is not judged). */
        String errorWithCuts() {
            String notes = java.util.stream.Stream.of(error, cutNote("request", request), cutNote("answer", answer))
                    .filter(Objects::nonNull).collect(java.util.stream.Collectors.joining("; "));
            return notes.isEmpty() ? null : notes;
        }

        private String cutNote(String part, Tap tap) {
            if (tap.cut() == Tap.Cut.NONE) {
                return null;
            }
            metrics.captureCut(part, tap.cut() == Tap.Cut.LIMIT ? "limit" : "memory");
            return "the " + part + " (" + tap.seen() + " bytes) is recorded cut: "
                    + (tap.cut() == Tap.Cut.LIMIT ? "it is larger than the capture limit of " + captureLimit + " bytes"
                    : "the gateway's capture memory (" + budget.total() + " bytes) was in use");
        }

        @Override
        public void close() {
            if (watch != null) {
                watch.close();
            }
            request.close();
            answer.close();
        }
    }

    /** The client closed its connection while the call waited on the upstream; the upstream call is given up. */
    private static final class ClientLeft extends IOException {
        ClientLeft() {
            super("the client went away");
        }
    }

    /** The client's body broke off before it was read whole. */
    private static final class ClientBodyBroken extends IOException {
        ClientBodyBroken(IOException cause) {
            super("the client's request broke off", cause);
        }
    }

    /** The client's body is longer than the gateway takes. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("request body over the limit");
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

}
