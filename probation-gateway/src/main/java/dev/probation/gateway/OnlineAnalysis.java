package dev.probation.gateway;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.model.ModelException;
import dev.probation.model.openai.ChatCompletions;
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

    OnlineAnalysis(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    List<String> detectorNames() {
        return detectors.stream().map(Detector::name).toList();
    }

    Exchange analyse(Capture capture) {
        String request = new String(capture.request(), StandardCharsets.UTF_8);
        String body = new String(capture.response(), StandardCharsets.UTF_8);
        RequestView view = RequestView.of(request);
        ChatResponse response = null;
        String error = capture.error();
        if (capture.status() >= 200 && capture.status() < 300 && capture.path().endsWith("/chat/completions")) {
            if (capture.streamed()) {
                StreamAssembler stream = StreamAssembler.of(body);
                response = stream.response(view.model());
                if (error == null && stream.error() != null) {
                    error = "the upstream reported an error in the stream: " + stream.error();
                } else if (error == null && !stream.done() && stream.response(view.model()).finishReason().isEmpty()) {
                    error = "the stream ended without a finish reason";
                }
            } else if (!body.isBlank()) {
                try {
                    response = ChatCompletions.parse(Json.MAPPER.readTree(body), view.model());
                } catch (JacksonException e) {
                    error = firstNonNull(error, "the upstream's answer is not JSON: " + e.getOriginalMessage());
                } catch (ModelException e) {
                    error = firstNonNull(error, e.getMessage());
                }
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        if (response != null && error == null) {
            Scenario scenario = Scenario.of("live", view.lastUserMessage().isBlank() ? "(no user message)" : view.lastUserMessage());
            for (Detector detector : detectors) {
                verdicts.add(judge(detector, scenario, response));
            }
        }
        return new Exchange(capture.id(), capture.kind(), capture.shadowOf(), capture.startedAt(),
                capture.durationNanos() / 1e6, capture.upstreamNanos() / 1e6, capture.status(), capture.streamed(),
                response != null && !response.model().isEmpty() ? response.model() : view.model(),
                capture.clientTag(), capture.path(), request, body,
                response == null ? "" : response.text(), response == null ? "" : response.reasoning(),
                response == null ? "" : response.finishReason(), response == null ? null : response.usage(),
                error, verdicts);
    }

    private static Verdict judge(Detector detector, Scenario scenario, ChatResponse response) {
        try {
            return detector.detect(scenario, response);
        } catch (RuntimeException e) {
            return Verdict.failed(detector.name(), "the detector failed: " + e);
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    /** The parts of a chat request the recorder needs. */
    record RequestView(String model, String lastUserMessage, boolean stream) {

        static RequestView of(String body) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(body);
            } catch (JacksonException e) {
                return new RequestView("", "", false);
            }
            if (json == null || !json.isObject()) {
                return new RequestView("", "", false);
            }
            String user = "";
            for (JsonNode message : json.path("messages")) {
                if ("user".equals(message.path("role").asString(""))) {
                    user = ChatCompletions.content(message.path("content"));
                }
            }
            return new RequestView(json.path("model").asString(""), user, json.path("stream").asBoolean(false));
        }
    }
}
