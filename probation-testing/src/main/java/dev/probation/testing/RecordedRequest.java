package dev.probation.testing;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A request received by {@link FakeModelServer}.
 *
 * @param path    e.g. {@code /v1/chat/completions}
 * @param headers header names in lower case
 * @param body    the parsed JSON body (an empty object when there was none or it was not JSON)
 */
public record RecordedRequest(String path, Map<String, List<String>> headers, JsonNode body) {

    public boolean isAnthropic() {
        return path.endsWith("/messages");
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The system prompt, from either protocol. */
    public String system() {
        if (isAnthropic()) {
            return body.path("system").asString("");
        }
        for (JsonNode message : body.path("messages")) {
            if ("system".equals(message.path("role").asString(""))) {
                return message.path("content").asString("");
            }
        }
        return "";
    }

    /** The text of the last user message, from either protocol. */
    public String lastUserMessage() {
        String last = "";
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asString(""))) {
                last = message.path("content").asString("");
            }
        }
        return last;
    }

    public String model() {
        return body.path("model").asString("");
    }
}
