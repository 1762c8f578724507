package dev.probation.model.openai;

import dev.probation.model.ChatResponse;
import dev.probation.model.ModelException;
import dev.probation.model.ToolCall;
import dev.probation.model.Usage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads OpenAI-style {@code chat.completion} bodies, for the model client and the gateway. */
public final class ChatCompletions {

    private ChatCompletions() {}

    /**
     * Reads a {@code chat.completion} object.
     *
     * @param model the model name to report when the body names none
     * @throws ModelException when the body has no choices or reports an error
     */
    public static ChatResponse parse(JsonNode json, String model) {
        JsonNode choices = json.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            if (json.has("error")) {
                // Some gateways (OpenRouter) report upstream failures in a 200 body.
                throw new ModelException(ModelException.Kind.SERVER, 200, null,
                        "the endpoint reported an error: " + json.path("error").path("message").asString(json.path("error").toString()));
            }
            throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 200, null,
                    "the answer has no choices: " + abbreviate(json.toString()));
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 200, null,
                    "the first choice has no message: " + abbreviate(choice.toString()));
        }
        String text = content(message.path("content"));
        String reasoning = firstText(message, "reasoning_content", "reasoning", "thinking");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(toolCall(call, calls.size()));
        }
        JsonNode usage = json.path("usage");
        Usage tokens = new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
        return new ChatResponse(text, reasoning, calls, choice.path("finish_reason").asString(""), tokens,
                json.path("model").asString(model));
    }

    /**
     * One entry of {@code tool_calls}. The arguments are kept as the model wrote them, valid JSON or
     * not; servers that send them as an object get its JSON text. A call without an id (some local
     * servers) gets {@code call_<index>}, so that its result can name it.
     */
    static ToolCall toolCall(JsonNode call, int index) {
        JsonNode function = call.path("function");
        JsonNode arguments = function.path("arguments");
        String id = call.path("id").asString("");
        return new ToolCall(id.isBlank() ? "call_" + index : id, function.path("name").asString(""),
                arguments.isString() ? arguments.asString() : arguments.isMissingNode() || arguments.isNull() ? "" : arguments.toString());
    }

    /** Content is a string, null (tool calls only), or a list of parts with text. */
    public static String content(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isString()) {
                    text.append(part.path("text").asString());
                }
            }
            return text.toString();
        }
        return "";
    }

    /** The first non-blank text among {@code fields}: servers name reasoning differently. */
    public static String firstText(JsonNode message, String... fields) {
        for (String field : fields) {
            if (message.path(field).isString() && !message.path(field).asString().isBlank()) {
                return message.path(field).asString();
            }
        }
        return "";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
