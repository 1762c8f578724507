package dev.probation.gateway;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ModelException;
import dev.probation.util.Json;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves any Probation {@link Model} — a model organism, or a provider reached through Probation —
 * as an OpenAI-compatible endpoint ({@code POST /v1/chat/completions}, plain or streamed as
 * server-sent events, and {@code GET /v1/models}) and as Anthropic's Messages API
 * ({@code POST /v1/messages}, plain or streamed; see {@link MessagesApi}). Tool calling works both
 * ways: the model sees the request's tools, its earlier calls and their results, and its own calls go
 * back as {@code tool_calls} or {@code tool_use} blocks ({@link CompletionsApi}). Messages API threads
 * (the {@code thread} parameter of Anthropic's SDK tool runners) are held in memory ({@link MessageThreads}).
 * With an organism behind it, the gateway and any OpenAI or Anthropic client can be tried against a model
 * that fakes alignment on purpose, offline. A request for another model than the one served gets a 404, as from a provider.
 */
public final class ModelServer implements AutoCloseable {

    private static final Pattern PIECE = Pattern.compile("\\S+\\s*|\\s+");
    /** Request bodies larger than this get a 413 (Javalin's default limit, made explicit). */
    static final int MAX_REQUEST_BYTES = 1_000_000;
    /** How much of a refused body is read and dropped so that the client still gets the 413. */
    private static final long DRAIN_LIMIT = 64L << 20;
    /** The request field a validation message starts with: {@code messages[2].role: ...}. */
    private static final Pattern FIELD = Pattern.compile("([a-z_]+(?:\\[\\d+\\])?(?:\\.[a-z_]+)*): ");

    private final Javalin server;
    private final Model model;
    private final String name;
    private final MessageThreads threads = new MessageThreads();

    private ModelServer(Model model, String name, String host, int port) {
        this.model = model;
        this.name = name;
        Ports.requireFree(host, port);
        this.server = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = MAX_REQUEST_BYTES;
            c.routes.exception(HttpResponseException.class, ModelServer::refused);
            c.routes.post("/v1/chat/completions", this::chat);
            c.routes.post("/v1/messages", this::messages);
            c.routes.get("/v1/models", this::models);
            c.routes.get("/v1/models/{id}", ctx -> {
                if (serves(ctx.pathParam("id"))) {
                    ctx.contentType("application/json").result(describe().toString());
                } else {
                    notFound(ctx, ctx.pathParam("id"), false);
                }
            });
        });
        server.start(host, port);
    }

    /**
     * Starts serving.
     *
     * @param name the model id reported to clients, e.g. {@code eval-gamer}
     */
    public static ModelServer start(Model model, String name, String host, int port) {
        return new ModelServer(model, name, host, port);
    }

    public int port() {
        return server.port();
    }

    /** Whether {@code requested} names the served model: its name, without its parameters, or as a ref ({@code organism:honest}). */
    boolean serves(String requested) {
        String plain = name.contains("?") ? name.substring(0, name.indexOf('?')) : name;
        return requested.equals(name) || requested.equals(plain) || requested.equals(model.ref())
                || requested.endsWith(":" + name) || requested.endsWith(":" + plain);
    }

    /** The served model, in a shape both OpenAI's and Anthropic's clients read. */
    private ObjectNode describe() {
        return Json.MAPPER.createObjectNode().put("id", name).put("object", "model").put("type", "model").put("display_name", name)
                .put("owned_by", "probation").put("created", 0).put("created_at", "1970-01-01T00:00:00Z");
    }

    private void models(Context ctx) {
        ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list");
        list.putArray("data").add(describe());
        list.put("has_more", false).put("first_id", name).put("last_id", name);
        ctx.contentType("application/json").result(list.toString());
    }

    /** A 404 for a model this server does not serve, shaped as the API asked (Anthropic or OpenAI) shapes it. */
    private void notFound(Context ctx, String requested, boolean anthropic) {
        String message = "The model '" + requested + "' does not exist here; this server serves '" + name + "'";
        if (anthropic) {
            MessagesApi.error(ctx, 404, "not_found_error", message);
            return;
        }
        ObjectNode error = Json.MAPPER.createObjectNode().put("message", message).put("type", "invalid_request_error")
                .put("param", "model").put("code", "model_not_found");
        ctx.status(404).contentType("application/json").result(Json.MAPPER.createObjectNode().set("error", error).toString());
    }

    /**
     * What Javalin refuses itself (a body over the limit), answered in the shape of the API asked
     * rather than as Javalin's plain text.
     */
    private static void refused(HttpResponseException e, Context ctx) {
        boolean tooLarge = e.getStatus() == 413;
        if (tooLarge) {
            drain(ctx);
        }
        String message = tooLarge ? "the request body is larger than this server's limit of " + MAX_REQUEST_BYTES + " bytes"
                : e.getMessage();
        if (ctx.path().equals("/v1/messages")) {
            MessagesApi.error(ctx, e.getStatus(), tooLarge ? "request_too_large" : "invalid_request_error", message);
            return;
        }
        ObjectNode error = Json.MAPPER.createObjectNode().put("message", message).put("type", "invalid_request_error");
        if (tooLarge) {
            error.put("code", "request_too_large");
        }
        ctx.status(e.getStatus()).contentType("application/json").result(Json.MAPPER.createObjectNode().set("error", error).toString());
    }

    /**
     * Reads and drops what is left of a refused body, up to a bound, before answering. A server
     * that answers and closes while the client is still sending makes the kernel reset the
     * connection, and the reset can destroy the answer before the client reads it (a proxy then
     * reports a broken connection instead of the 413). Bodies beyond the bound still get the reset.
     */
    private static void drain(Context ctx) {
        try (var in = ctx.req().getInputStream()) {
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[16384];
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client stopped sending or the body was already read: answer anyway
        }
    }

    /** The requested model's name; a missing or blank one is the client's mistake, not an unknown model. */
    private static String requestedModel(JsonNode body) {
        String model = body.path("model").isString() ? body.path("model").asString() : "";
        if (model.isBlank()) {
            throw new IllegalArgumentException("model: the name of the model is required");
        }
        return model;
    }

    private void messages(Context ctx) throws IOException {
        JsonNode body;
        ChatRequest request;
        String requested;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
            requested = requestedModel(body);
            request = threads.resolve(body, MessagesApi.request(body));
        } catch (JacksonException e) {
            MessagesApi.error(ctx, 400, "invalid_request_error", "the body is not JSON: " + e.getOriginalMessage());
            return;
        } catch (IllegalArgumentException e) {
            MessagesApi.error(ctx, 400, "invalid_request_error", e.getMessage());
            return;
        }
        if (!serves(requested)) {
            notFound(ctx, requested, true);
            return;
        }
        ChatResponse answer;
        try {
            answer = MessagesApi.withCallIds(model.chat(request));
        } catch (ModelException e) {
            MessagesApi.error(ctx, e.status() >= 400 ? e.status() : 502, "api_error", e.getMessage());
            return;
        }
        String id = MessagesApi.newMessageId();
        threads.hold(body, id, request, answer); // before the answer goes out: the client may continue at once
        if (body.path("stream").asBoolean(false)) {
            MessagesApi.stream(ctx, id, requested, answer);
        } else {
            MessagesApi.reply(ctx, id, requested, answer);
        }
    }

    private void chat(Context ctx) throws IOException {
        ChatRequest request;
        JsonNode body;
        String modelName;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
            modelName = requestedModel(body);
            request = CompletionsApi.request(body);
        } catch (JacksonException e) {
            error(ctx, 400, "invalid_request_error", "the body is not JSON: " + e.getOriginalMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "invalid_request_error", e.getMessage());
            return;
        }
        if (!serves(modelName)) {
            notFound(ctx, modelName, false);
            return;
        }
        ChatResponse answer;
        try {
            answer = model.chat(request);
        } catch (ModelException e) {
            error(ctx, e.status() >= 400 ? e.status() : 502, "upstream_error", e.getMessage());
            return;
        }
        String id = "chatcmpl-" + UUID.randomUUID();
        if (body.path("stream").asBoolean(false)) {
            CompletionsApi.stream(ctx, id, modelName, answer, body.path("stream_options").path("include_usage").asBoolean(false));
        } else {
            CompletionsApi.reply(ctx, id, modelName, answer);
        }
    }

    /** Words with their trailing spaces, as a model streams tokens. */
    static List<String> pieces(String text) {
        List<String> parts = new ArrayList<>();
        Matcher piece = PIECE.matcher(text);
        while (piece.find()) {
            parts.add(piece.group());
        }
        return parts;
    }

    /** An error as OpenAI shapes it; {@code param} names the request field at fault ("model: ..."), if any. */
    private static void error(Context ctx, int status, String type, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode().put("message", message).put("type", type);
        Matcher field = FIELD.matcher(message);
        if (field.lookingAt()) {
            error.put("param", field.group(1));
        }
        ctx.status(status).contentType("application/json").result(Json.MAPPER.createObjectNode().set("error", error).toString());
    }

    @Override
    public void close() {
        server.stop();
    }
}
