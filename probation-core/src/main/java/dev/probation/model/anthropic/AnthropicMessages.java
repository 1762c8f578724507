package dev.probation.model.anthropic;

import dev.probation.model.ChatResponse;
import dev.probation.model.ModelException;
import dev.probation.model.ToolCall;
import dev.probation.model.Usage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads Anthropic Messages API answers, for the model client and the gateway. */
public final class AnthropicMessages {

    private AnthropicMessages() {}

    /**
     * Reads a Messages API answer: text, thinking (joined as paragraphs) and tool calls.
     *
     * @param model the model name to report when the body names none
     * @throws ModelException when the body is an error or has no content list
     */
    public static ChatResponse parse(JsonNode json, String model) {
        JsonNode content = json.path("content");
        if (!content.isArray()) {
            if ("error".equals(json.path("type").asString(""))) {
                throw new ModelException(ModelException.Kind.SERVER, 200, null,
                        "the API reported an error: " + json.path("error").path("message").asString(""));
            }
            throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 200, null,
                    "the answer has no content list: " + abbreviate(json.toString()));
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "thinking" -> appendParagraph(thinking, block.path("thinking").asString(""));
                case "redacted_thinking" -> appendParagraph(thinking, "[redacted thinking]");
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asString(""), block.path("name").asString(""),
                        block.path("input").isMissingNode() ? "{}" : block.path("input").toString()));
                default -> { } // unknown block types are ignored, as the API asks of clients
            }
        }
        JsonNode usage = json.path("usage");
        return new ChatResponse(text.toString(), thinking.toString(), calls, json.path("stop_reason").asString(""),
                new Usage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0), 0),
                json.path("model").asString(model));
    }

    /** Adds a paragraph, separated from the one before by a blank line. */
    public static void appendParagraph(StringBuilder text, String paragraph) {
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        text.append(paragraph);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * A tool call's arguments as the {@code input} of a {@code tool_use} block: the JSON object, or
     * {@code {"raw_arguments": text}} when they are not one (as the client sends them).
     */
    public static JsonNode toolInput(String argumentsJson) {
        return AnthropicTurns.input(argumentsJson);
    }
}
