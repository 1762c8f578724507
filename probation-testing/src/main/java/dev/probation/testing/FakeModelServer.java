package dev.probation.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server on loopback that speaks the OpenAI chat-completions API
 * ({@code POST /v1/chat/completions}, plain or streamed as server-sent events with
 * {@code "stream": true}; {@code GET /v1/models}) and Anthropic's Messages API
 * ({@code POST /v1/messages}). Answers come from a {@link Responder}; scripted {@link Fault}s
 * (429 with Retry-After, 5xx, slow answers, malformed or truncated bodies) are served first, in
 * order. Requests are recorded. Handlers run on virtual threads.
 *
 * <pre>{@code
 * try (FakeModelServer server = FakeModelServer.start()) {
 *     server.respond(request -> Reply.text("I can't help with that."));
 *     server.enqueue(Fault.rateLimited(1));
 *     String baseUrl = server.openAiBaseUrl(); // http://127.0.0.1:<port>/v1
 * }
 * }</pre>
 */
public final class FakeModelServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();
    private volatile Responder responder = request -> Reply.text("Hello from the fake model.");
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration chunkDelay = Duration.ZERO;
    private volatile java.util.function.Predicate<RecordedRequest> failWhen = request -> false;
    private volatile Fault failWith;
    private volatile boolean recording = true;

    private FakeModelServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1 at a free port. */
    public static FakeModelServer start() {
        return start(0);
    }

    public static FakeModelServer start(int port) {
        // The JDK server closes keep-alive connections beyond 200 idle ones, which clients then find
        // dead on reuse; a fake for hundreds of concurrent clients keeps them all (read once, at startup).
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            FakeModelServer fake = new FakeModelServer(http);
            http.createContext("/", fake::handle);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL for OpenAI-compatible clients. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** {@code http://127.0.0.1:<port>}: the base URL for Anthropic clients. */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public FakeModelServer respond(Responder responder) {
        this.responder = Objects.requireNonNull(responder);
        return this;
    }

    /** Adds a fixed delay to every normal answer, standing in for model latency. */
    public FakeModelServer latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Waits this long between the events of a streamed answer. */
    public FakeModelServer chunkDelay(Duration delay) {
        this.chunkDelay = delay;
        return this;
    }

    /** Stops keeping requests in memory (for long benchmarks). */
    public FakeModelServer recording(boolean recording) {
        this.recording = recording;
        return this;
    }

    /** Serves {@code fault} to every request that matches, e.g. one model's; replaces an earlier rule. */
    public FakeModelServer failWhen(java.util.function.Predicate<RecordedRequest> when, Fault fault) {
        this.failWith = Objects.requireNonNull(fault);
        this.failWhen = Objects.requireNonNull(when);
        return this;
    }

    public FakeModelServer enqueue(Fault... faults) {
        this.faults.addAll(List.of(faults));
        return this;
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int requestCount() {
        return (int) ids.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ids.incrementAndGet();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            RecordedRequest request = new RecordedRequest(exchange.getRequestURI().getPath(), headers(exchange), parse(raw));
            if (recording) {
                requests.add(request);
            }
            String method = exchange.getRequestMethod();
            String path = request.path();
            if (method.equals("GET") && path.endsWith("/models")) {
                send(exchange, 200, Map.of(), "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}");
                return;
            }
            boolean openAi = path.endsWith("/chat/completions");
            if (!method.equals("POST") || !openAi && !path.endsWith("/messages")) {
                send(exchange, 404, Map.of(), "{\"error\":{\"message\":\"no route " + method + " " + path + "\"}}");
                return;
            }
            boolean stream = openAi && request.body().path("stream").asBoolean(false);
            Fault fault = failWith != null && failWhen.test(request) ? failWith : faults.poll();
            if (fault != null) {
                boolean stall = fault.headers().containsKey("X-Fake-Stall");
                if (!stall) {
                    sleep(fault.delay());
                }
                if (fault.truncate()) {
                    exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
                    exchange.sendResponseHeaders(200, 10_000);
                    exchange.getResponseBody().write(fault.body().getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    if (stall) {
                        sleep(fault.delay());
                    }
                    return; // closing short of the promised length cuts the connection
                }
                if (fault.body() != null) {
                    send(exchange, fault.status(), fault.headers(), fault.body());
                    return;
                }
            } else {
                sleep(latency);
            }
            Reply reply = responder.reply(request);
            if (stream) {
                stream(exchange, request, reply);
                return;
            }
            if (!openAi && request.body().path("stream").asBoolean(false)) {
                streamAnthropic(exchange, request, reply);
                return;
            }
            String body = openAi ? openAiBody(request, reply) : anthropicBody(request, reply);
            send(exchange, 200, Map.of(), body);
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private String openAiBody(RecordedRequest request, Reply reply) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-" + ids.get()).put("object", "chat.completion").put("created", 1_700_000_000L);
        body.put("model", request.model().isEmpty() ? "fake-model" : request.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", reply.toolCalls().isEmpty() ? "stop" : "tool_calls");
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", reply.text());
        if (!reply.toolCalls().isEmpty()) {
            if (reply.text().isEmpty()) {
                message.putNull("content"); // as the API sends a turn that only calls tools
            }
            var calls = message.putArray("tool_calls");
            for (Reply.Call call : reply.toolCalls()) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (!reply.reasoning().isEmpty()) {
            message.put("reasoning_content", reply.reasoning());
        }
        body.putObject("usage").put("prompt_tokens", words(request.system() + " " + request.lastUserMessage()))
                .put("completion_tokens", words(reply.text())).put("total_tokens", 0);
        return JSON.writeValueAsString(body);
    }

    /** The answer as {@code chat.completion.chunk} events: reasoning, then the text word by word. */
    private void stream(HttpExchange exchange, RecordedRequest request, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        String id = "chatcmpl-" + ids.get();
        String model = request.model().isEmpty() ? "fake-model" : request.model();
        try (OutputStream out = exchange.getResponseBody()) {
            event(out, id, model, Map.of("role", "assistant", "content", ""), null);
            for (String part : pieces(reply.reasoning())) {
                event(out, id, model, Map.of("reasoning_content", part), null);
            }
            for (String part : pieces(reply.text())) {
                event(out, id, model, Map.of("content", part), null);
            }
            event(out, id, model, Map.of(), "stop");
            if (request.body().path("stream_options").path("include_usage").asBoolean(false)) {
                ObjectNode usage = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                        .put("created", 1_700_000_000L).put("model", model);
                usage.putArray("choices");
                usage.putObject("usage").put("prompt_tokens", words(request.system() + " " + request.lastUserMessage()))
                        .put("completion_tokens", words(reply.text())).put("total_tokens", 0);
                write(out, "data: " + JSON.writeValueAsString(usage) + "\n\n");
            }
            write(out, "data: [DONE]\n\n");
        }
    }

    /**
     * The answer as Anthropic Messages events: message_start, a thinking block if asked, a text block (unless the
     * answer only calls tools), a tool_use block per call with its input in two input_json_delta pieces,
     * message_delta, message_stop.
     */
    private void streamAnthropic(HttpExchange exchange, RecordedRequest request, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String id = "msg_" + ids.get();
        try (OutputStream out = exchange.getResponseBody()) {
            ObjectNode start = JSON.createObjectNode().put("type", "message_start");
            ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                    .put("model", request.model());
            message.putArray("content");
            message.putNull("stop_reason");
            message.putObject("usage").put("input_tokens", words(request.system() + " " + request.lastUserMessage()))
                    .put("output_tokens", 1);
            anthropicEvent(out, start);
            int index = 0;
            if (!reply.reasoning().isEmpty() && request.body().has("thinking")) {
                anthropicBlock(out, index++, "thinking", "thinking_delta", "thinking", reply.reasoning());
            }
            if (!reply.text().isEmpty() || reply.toolCalls().isEmpty()) {
                anthropicBlock(out, index++, "text", "text_delta", "text", reply.text());
            }
            for (Reply.Call call : reply.toolCalls()) {
                anthropicToolUse(out, index++, call);
            }
            ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
            delta.putObject("delta").put("stop_reason", reply.toolCalls().isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
            delta.putObject("usage").put("output_tokens", words(reply.text()));
            anthropicEvent(out, delta);
            anthropicEvent(out, JSON.createObjectNode().put("type", "message_stop"));
        }
    }

    private void anthropicBlock(OutputStream out, int index, String type, String deltaType, String field, String text)
            throws IOException {
        ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        start.putObject("content_block").put("type", type).put(field, "");
        anthropicEvent(out, start);
        for (String part : pieces(text)) {
            sleep(chunkDelay);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", deltaType).put(field, part);
            anthropicEvent(out, delta);
        }
        anthropicEvent(out, JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }

    /** A tool_use block whose input arrives in two pieces, as the API streams it: a client must join them. */
    private void anthropicToolUse(OutputStream out, int index, Reply.Call call) throws IOException {
        ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        start.putObject("content_block").put("type", "tool_use").put("id", call.id()).put("name", call.name()).putObject("input");
        anthropicEvent(out, start);
        String input = JSON.writeValueAsString(JSON.readTree(call.arguments()));
        int half = input.length() / 2;
        for (String part : List.of(input.substring(0, half), input.substring(half))) {
            sleep(chunkDelay);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
            anthropicEvent(out, delta);
        }
        anthropicEvent(out, JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }

    private static void anthropicEvent(OutputStream out, ObjectNode event) throws IOException {
        write(out, "event: " + event.path("type").asString() + "\ndata: " + JSON.writeValueAsString(event) + "\n\n");
    }

    private void event(OutputStream out, String id, String model, Map<String, String> delta, String finishReason)
            throws IOException {
        sleep(chunkDelay);
        ObjectNode chunk = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode fields = choice.putObject("delta");
        delta.forEach(fields::put);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        write(out, "data: " + JSON.writeValueAsString(chunk) + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The text in pieces of one word with its following space, as models stream tokens. */
    private static List<String> pieces(String text) {
        List<String> parts = new ArrayList<>();
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("\\S+\\s*|\\s+").matcher(text);
        while (word.find()) {
            parts.add(word.group());
        }
        return parts;
    }

    private String anthropicBody(RecordedRequest request, Reply reply) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "msg_" + ids.get()).put("type", "message").put("role", "assistant");
        body.put("model", request.model());
        var content = body.putArray("content");
        if (!reply.reasoning().isEmpty() && request.body().has("thinking")) {
            content.addObject().put("type", "thinking").put("thinking", reply.reasoning()).put("signature", "sig");
        }
        if (!reply.text().isEmpty() || reply.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        for (Reply.Call call : reply.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", JSON.readTree(call.arguments()));
        }
        body.put("stop_reason", reply.toolCalls().isEmpty() ? "end_turn" : "tool_use");
        body.putObject("usage").put("input_tokens", words(request.system() + " " + request.lastUserMessage()))
                .put("output_tokens", words(reply.text()));
        return JSON.writeValueAsString(body);
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
