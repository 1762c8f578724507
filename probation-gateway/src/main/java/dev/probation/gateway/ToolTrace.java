package dev.probation.gateway;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The agent side of one exchange: the tools the request offered, and the conversation's tool calls
 * as steps — the calls of earlier turns with the results the client sent back, then the calls this
 * answer made (no result yet: the client runs them and sends the results in its next request). Read
 * from the whole request, before the recorded body is cut at the capture limit; long texts are cut
 * at {@link #TEXT_LIMIT} characters.
 *
 * @param tools the functions the request offered the model
 * @param steps the tool calls in the order they were made
 */
public record ToolTrace(List<ToolSpec> tools, List<Step> steps) {

    /** An exchange without tools. */
    public static final ToolTrace NONE = new ToolTrace(List.of(), List.of());
    /** Characters of a call's arguments or result kept in the trace. */
    static final int TEXT_LIMIT = 4_000;

    /**
     * One tool call.
     *
     * @param step      1-based: the assistant turn that made the call (parallel calls share a step); for a
     *                  result whose call the request left out, the step before it (0 when none)
     * @param callId    the call's id, which its result quotes
     * @param name      the tool called
     * @param arguments the arguments as the model wrote them
     * @param result    what the tool returned, as the client sent it back; null when this exchange does
     *                  not carry it (a call of this answer, or a result the client left out)
     * @param error     the result reports a failure
     * @param inAnswer  the call is part of this exchange's answer, not of the conversation before it
     */
    public record Step(int step, String callId, String name, String arguments, String result, boolean error, boolean inAnswer) {
        public Step {
            callId = Objects.requireNonNullElse(callId, "");
            name = Objects.requireNonNullElse(name, "");
            arguments = Objects.requireNonNullElse(arguments, "");
        }
    }

    public ToolTrace {
        tools = List.copyOf(Objects.requireNonNullElse(tools, List.of()));
        steps = List.copyOf(Objects.requireNonNullElse(steps, List.of()));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return tools.isEmpty() && steps.isEmpty();
    }

    /** Characters held, for memory accounting. */
    long chars() {
        long chars = 0;
        for (ToolSpec tool : tools) {
            chars += tool.name().length() + tool.description().length() + tool.parametersJson().length();
        }
        for (Step step : steps) {
            chars += step.arguments().length() + (step.result() == null ? 0 : step.result().length());
        }
        return chars;
    }

    /** The calls this exchange's answer made. */
    public List<Step> answerCalls() {
        return steps.stream().filter(Step::inAnswer).toList();
    }

    /** The trace of a request and its answer (null when there is none). */
    static ToolTrace of(ChatRequest request, ChatResponse response) {
        return after(NONE, request, response);
    }

    /**
     * The trace of a request that carries only the turns after an earlier exchange (a Messages API thread),
     * continuing that exchange's trace: its calls (answer calls included) are the conversation so far, and the
     * request's results fill them in. The request's tools, or else the earlier ones.
     */
    static ToolTrace after(ToolTrace before, ChatRequest request, ChatResponse response) {
        Map<String, Step> calls = new LinkedHashMap<>();
        List<Step> unnamed = new ArrayList<>();
        int step = 0;
        for (Step made : before.steps()) {
            calls.put(made.callId(), new Step(made.step(), made.callId(), made.name(), made.arguments(), made.result(), made.error(),
                    false));
            step = Math.max(step, made.step());
        }
        for (ChatMessage message : request.messages()) {
            if (message.role() == ChatMessage.Role.ASSISTANT && !message.toolCalls().isEmpty()) {
                step++;
                for (ToolCall call : message.toolCalls()) {
                    calls.put(call.id(), new Step(step, call.id(), call.name(), cut(call.argumentsJson()), null, false, false));
                }
            } else if (message.role() == ChatMessage.Role.TOOL) {
                Step made = calls.get(message.toolCallId());
                if (made != null) {
                    calls.put(made.callId(), new Step(made.step(), made.callId(), made.name(), made.arguments(),
                            cut(message.content()), message.error(), false));
                } else { // a result whose call the client did not send (a trimmed history): kept on its own
                    unnamed.add(new Step(step, message.toolCallId(), message.toolName(), "", cut(message.content()),
                            message.error(), false));
                }
            }
        }
        List<Step> steps = new ArrayList<>(calls.values());
        steps.addAll(unnamed);
        if (response != null && !response.toolCalls().isEmpty()) {
            step++;
            for (ToolCall call : response.toolCalls()) {
                steps.add(new Step(step, call.id(), call.name(), cut(call.argumentsJson()), null, false, true));
            }
        }
        List<ToolSpec> tools = request.tools().isEmpty() ? before.tools() : request.tools();
        return steps.isEmpty() && tools.isEmpty() ? NONE : new ToolTrace(tools, steps);
    }

    /**
     * The trace of a recorded call: its request body read as the API at {@code path} reads it
     * (OpenAI chat completions or Anthropic Messages). A body that is not a valid request has none.
     */
    static ToolTrace read(String path, String requestBody, ChatResponse response) {
        boolean anthropic = path.endsWith("/messages");
        if (!anthropic && !path.endsWith("/chat/completions")) {
            return NONE;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(requestBody);
            if (body == null || !body.isObject()) {
                return NONE;
            }
            return of(anthropic ? MessagesApi.request(body) : CompletionsApi.request(body), response);
        } catch (JacksonException | IllegalArgumentException e) {
            return NONE; // the upstream answers such a request with an error, which is recorded as it is
        }
    }

    private static String cut(String text) {
        return text.length() <= TEXT_LIMIT ? text
                : text.substring(0, TEXT_LIMIT) + "… (" + (text.length() - TEXT_LIMIT) + " more characters)";
    }

    /** As stored: JSON, or empty for none. */
    String toJson() {
        return isEmpty() ? "" : Json.MAPPER.writeValueAsString(this);
    }

    static ToolTrace fromJson(String json) {
        return json == null || json.isBlank() ? NONE : Json.MAPPER.readValue(json, ToolTrace.class);
    }
}
