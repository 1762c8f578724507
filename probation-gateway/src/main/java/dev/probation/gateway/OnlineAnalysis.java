package dev.probation.gateway;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.model.ModelException;
import dev.probation.model.anthropic.AnthropicMessages;
import dev.probation.model.openai.ChatCompletions;
import dev.probation.scenario.Framing;
import dev.probation.scenario.Scenario;
import dev.probation.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns what the proxy captured into an {@link Exchange}: reads the request and the answer (plain
 * or streamed) and runs the online detectors on answers that arrived whole. A live exchange is
 * judged like an audit attempt whose scenario is the user's last message.
 */
final class OnlineAnalysis {

    private final List<Detector> detectors;
    private final List<InputMonitor> monitors;
    private final LateVerdicts late;
    private final int captureLimit;
    private final Framing shadowFraming;
    private final ThreadTraces threads = new ThreadTraces();

    /**
     * @param detectors     run on every exchange
     * @param late          detectors that call models, run later on a sample of live exchanges
     * @param captureLimit  bytes of a request body kept in the record (the answer is cut by the proxy)
     * @param shadowFraming the framing shadow calls add; detectors see a shadow's request without it,
     *                      so that a live answer and its shadow are judged against the same request
     * @param monitors      read the request of every answered live exchange, as sent
     */
    OnlineAnalysis(List<Detector> detectors, LateVerdicts late, int captureLimit, Framing shadowFraming,
            List<InputMonitor> monitors) {
        this.detectors = List.copyOf(detectors);
        this.monitors = List.copyOf(monitors);
        this.late = late;
        this.captureLimit = captureLimit;
        this.shadowFraming = shadowFraming;
    }

    OnlineAnalysis(List<Detector> detectors, LateVerdicts late, int captureLimit) {
        this(detectors, late, captureLimit, Framing.NONE, List.of());
    }

    OnlineAnalysis(List<Detector> detectors, int captureLimit) {
        this(detectors, null, captureLimit);
    }

    List<String> detectorNames() {
        List<String> names = new ArrayList<>(detectors.stream().map(Detector::name).toList());
        monitors.forEach(m -> names.add(m.name()));
        if (late != null) {
            names.addAll(late.names());
        }
        return names;
    }

    Exchange analyse(Capture capture) {
        String request = new String(capture.request(), StandardCharsets.UTF_8);
        String body = new String(capture.response(), StandardCharsets.UTF_8);
        RequestView view = RequestView.of(request);
        String kept = capture.request().length <= captureLimit ? request
                : new String(capture.request(), 0, captureLimit, StandardCharsets.UTF_8);
        ChatResponse response = null;
        String messageId = "";
        String error = capture.error();
        boolean anthropic = capture.path().endsWith("/messages");
        if (capture.status() >= 200 && capture.status() < 300 && (anthropic || capture.path().endsWith("/chat/completions"))) {
            if (capture.streamed()) {
                StreamAssembler stream = StreamAssembler.of(body);
                response = stream.response(view.model());
                messageId = stream.messageId();
                if (error == null && stream.error() != null) {
                    error = "the upstream reported an error in the stream: " + stream.error();
                } else if (error == null && !stream.done() && response.finishReason().isEmpty()) {
                    error = "the stream ended without a finish reason";
                }
            } else if (!body.isBlank()) {
                try {
                    JsonNode json = Json.MAPPER.readTree(body);
                    response = anthropic ? AnthropicMessages.parse(json, view.model()) : ChatCompletions.parse(json, view.model());
                    messageId = json.path("id").asString("");
                } catch (JacksonException e) {
                    error = firstNonNull(error, "the upstream's answer is not JSON: " + e.getOriginalMessage());
                } catch (ModelException e) {
                    error = firstNonNull(error, e.getMessage());
                }
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        if (response != null && error == null && capture.kind() == Exchange.Kind.LIVE && view.readable()) {
            // live only: a shadow adds the very framing a framing probe registers, so its reading says nothing new
            RequestView read = anthropic ? RequestView.ofMessages(request, view) : view;
            for (InputMonitor monitor : monitors) {
                if (monitor.reads(read.model())) {
                    verdicts.add(read(monitor, read));
                }
            }
        }
        if (response != null && error == null) {
            String user = capture.kind() == Exchange.Kind.SHADOW ? unframed(view.lastUserMessage()) : view.lastUserMessage();
            Scenario scenario = Scenario.of("live", user.isBlank() ? "(no user message)" : user);
            for (Detector detector : detectors) {
                verdicts.add(judge(detector, scenario, response));
            }
            if (late != null && capture.kind() == Exchange.Kind.LIVE) {
                late.offer(capture.id(), scenario, response);
            }
        }
        return new Exchange(capture.id(), capture.kind(), capture.shadowOf(), capture.startedAt(),
                capture.durationNanos() / 1e6, capture.upstreamNanos() / 1e6, capture.status(), capture.streamed(),
                response != null && !response.model().isEmpty() ? response.model() : view.model(),
                capture.clientTag(), capture.path(), kept, body,
                response == null ? "" : response.text(), response == null ? "" : response.reasoning(),
                response == null ? "" : response.finishReason(), response == null ? null : response.usage(),
                error, verdicts, tools(capture, request, response, messageId));
    }

    /**
     * The exchange's tool calls and results. A Messages API turn that continues a thread carries only the
     * new turns, so it is read after the trace held for the thread ({@link ThreadTraces}).
     */
    private ToolTrace tools(Capture capture, String request, ChatResponse response, String messageId) {
        if (!capture.path().endsWith("/messages")) {
            return ToolTrace.read(capture.path(), request, response);
        }
        try {
            JsonNode body = Json.MAPPER.readTree(request);
            if (body == null || !body.path("thread").isObject()) {
                return ToolTrace.read(capture.path(), request, response);
            }
            return threads.trace(body, MessagesApi.request(body), response, messageId, capture.kind() == Exchange.Kind.LIVE);
        } catch (JacksonException | IllegalArgumentException e) {
            return ToolTrace.NONE; // the upstream answers such a request with an error, which is recorded as it is
        }
    }

    /** The capture as a record without reading it: for a capture whose analysis failed. */
    static Exchange unanalysed(Capture capture, String error) {
        return new Exchange(capture.id(), capture.kind(), capture.shadowOf(), capture.startedAt(),
                capture.durationNanos() / 1e6, capture.upstreamNanos() / 1e6, capture.status(), capture.streamed(),
                "", capture.clientTag(), capture.path(), new String(capture.request(), StandardCharsets.UTF_8),
                new String(capture.response(), StandardCharsets.UTF_8), "", "", "", null,
                capture.error() != null ? capture.error() + "; " + error : error, List.of());
    }

    /** A shadow's user message without the prefix and suffix the shadow sampler put around it. */
    private String unframed(String user) {
        String prefix = shadowFraming.userPrefix();
        String suffix = shadowFraming.userSuffix();
        if (user.length() >= prefix.length() + suffix.length() && user.startsWith(prefix) && user.endsWith(suffix)) {
            return user.substring(prefix.length(), user.length() - suffix.length());
        }
        return user;
    }

    private static Verdict judge(Detector detector, Scenario scenario, ChatResponse response) {
        try {
            return detector.detect(scenario, response);
        } catch (RuntimeException | StackOverflowError e) { // a parser recursing on a pathological answer
            return Verdict.failed(detector.name(), "the detector failed: " + e);
        }
    }

    private static Verdict read(InputMonitor monitor, RequestView view) {
        try {
            return monitor.read(view.system(), view.lastUserMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return Verdict.failed(monitor.name(), "the monitor failed: " + e);
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    /**
     * The parts of a chat request the recorder needs: the system instructions (OpenAI's system and
     * developer turns, or Anthropic's top-level {@code system}, text or blocks) and the last user message.
     */
    record RequestView(String model, String system, String lastUserMessage, boolean readable) {

        private static final RequestView UNREADABLE = new RequestView("", "", "", false);

        static RequestView of(String body) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(body);
            } catch (JacksonException e) {
                return UNREADABLE;
            }
            if (json == null || !json.isObject()) {
                return UNREADABLE;
            }
            StringBuilder system = new StringBuilder(ChatCompletions.content(json.path("system")));
            String user = "";
            for (JsonNode message : json.path("messages")) {
                String role = message.path("role").asString("");
                if ("user".equals(role)) {
                    user = ChatCompletions.content(message.path("content"));
                } else if ("system".equals(role) || "developer".equals(role)) {
                    system.append(system.isEmpty() ? "" : "\n\n").append(ChatCompletions.content(message.path("content")));
                }
            }
            return new RequestView(json.path("model").asString(""), system.toString(), user, json.path("messages").isArray());
        }

        /**
         * A Messages API request as {@code probation serve} and the Messages API read it: text blocks joined by
         * blank lines, and the last user turn that has text (a turn of tool results alone has none). A request
         * that continues a server-held thread carries only its new turns, so it is read without the held ones.
         */
        static RequestView ofMessages(String body, RequestView fallback) {
            try {
                dev.probation.model.ChatRequest request = MessagesApi.request(Json.MAPPER.readTree(body));
                String user = "";
                for (var message : request.messages()) {
                    if (message.role() == dev.probation.model.ChatMessage.Role.USER && !message.content().isBlank()) {
                        user = message.content();
                    }
                }
                return new RequestView(fallback.model(), request.system(), user, true);
            } catch (JacksonException | IllegalArgumentException e) {
                return fallback;
            }
        }
    }
}
