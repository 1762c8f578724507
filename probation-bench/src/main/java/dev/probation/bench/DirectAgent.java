package dev.probation.bench;

import dev.probation.testing.RecordedRequest;
import dev.probation.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The baseline of the agent-steps benchmark: a plain tool-calling loop over {@code java.net.http} and Jackson,
 * with no environment, no run log and no detector. It starts each trajectory from the first request the engine
 * sent (system prompt, task, tools, sampling fields), appends the model's answer as it comes back, and answers
 * each tool call with the text the engine's environment returned for it, so it sends the same requests and
 * receives the same replies as the engine.
 */
final class DirectAgent {

    /** One trajectory as the engine sent it: the first request's body and the tool results, in order. */
    record Script(ObjectNode first, List<String> toolResults) {}

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;

    DirectAgent(String openAiBaseUrl) {
        this.uri = URI.create(openAiBaseUrl + "/chat/completions");
    }

    /**
     * The engine's trajectories, from the requests the fake server recorded during one audit: each first request
     * (system prompt and task only) with the tool results of a finished conversation that starts the same way.
     */
    static List<Script> scripts(List<RecordedRequest> engineRequests) {
        int longest = engineRequests.stream().mapToInt(r -> r.body().path("messages").size()).max().orElse(0);
        List<JsonNode> finished = new ArrayList<>(engineRequests.stream().map(RecordedRequest::body)
                .filter(body -> body.path("messages").size() == longest).toList());
        List<Script> scripts = new ArrayList<>();
        for (RecordedRequest request : engineRequests) {
            JsonNode first = request.body();
            if (first.path("messages").size() != 2) {
                continue;
            }
            JsonNode conversation = finished.stream().filter(body -> start(body).equals(start(first))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a trajectory did not finish: " + start(first)));
            finished.remove(conversation);
            List<String> results = new ArrayList<>();
            for (JsonNode message : conversation.path("messages")) {
                if ("tool".equals(message.path("role").asString(""))) {
                    results.add(message.path("content").asString());
                }
            }
            scripts.add(new Script((ObjectNode) first, results));
        }
        return scripts;
    }

    private static List<JsonNode> start(JsonNode body) {
        return List.of(body.path("messages").path(0), body.path("messages").path(1));
    }

    /** Plays one trajectory to the model's final answer; returns the number of model calls. */
    int play(Script script) throws IOException, InterruptedException {
        ObjectNode body = script.first().deepCopy();
        ArrayNode messages = (ArrayNode) body.get("messages");
        int calls = 0;
        int result = 0;
        while (true) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            calls++;
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            JsonNode message = Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message");
            JsonNode toolCalls = message.path("tool_calls");
            if (toolCalls.isEmpty()) {
                return calls;
            }
            ObjectNode turn = messages.addObject().put("role", "assistant");
            turn.set("content", message.path("content"));
            ArrayNode sent = turn.putArray("tool_calls");
            for (JsonNode call : toolCalls) {
                sent.addObject().put("id", call.path("id").asString()).put("type", "function").putObject("function")
                        .put("name", call.path("function").path("name").asString())
                        .put("arguments", call.path("function").path("arguments").asString());
            }
            for (JsonNode call : toolCalls) {
                messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asString())
                        .put("content", script.toolResults().get(result++));
            }
        }
    }
}
