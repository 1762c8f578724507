package dev.probation.liedetector;

import dev.probation.model.ChatMessage;
import dev.probation.util.JsonLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An answer to check for a lie: the conversation that ends with it.
 *
 * @param id           unique in its file
 * @param system       the system prompt, or empty
 * @param conversation user and assistant turns, ending with the answer under suspicion
 * @param fields       the whole input line, so that output can keep what it carried
 */
public record Suspect(String id, String system, List<ChatMessage> conversation, ObjectNode fields) {

    public Suspect {
        Objects.requireNonNull(id, "id");
        system = Objects.requireNonNullElse(system, "");
        conversation = List.copyOf(conversation);
    }

    /**
     * Reads JSON Lines: each line has {@code id} and either {@code question} and {@code answer}, or
     * {@code messages} (a list of {@code {role, content}} ending with the assistant's answer), and
     * optionally {@code system}.
     *
     * @throws IllegalArgumentException {@code file:line: field 'x' ...} for a malformed line
     */
    public static List<Suspect> read(String source, List<String> lines) {
        List<Suspect> suspects = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            Suspect suspect = parse(where, lines.get(i));
            if (!ids.add(suspect.id())) {
                throw new IllegalArgumentException(where + ": field 'id': '" + suspect.id() + "' appears twice");
            }
            suspects.add(suspect);
        }
        return suspects;
    }

    public static List<Suspect> read(Path file) {
        return read(file.toString(), JsonLines.read(file));
    }

    private static Suspect parse(String where, String line) {
        ObjectNode object = JsonLines.object(where, line);
        String id = JsonLines.text(where, object, "id");
        String system = object.path("system").isString() ? object.path("system").asString() : "";
        List<ChatMessage> conversation = new ArrayList<>();
        if (object.has("messages")) {
            JsonNode messages = object.get("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw new IllegalArgumentException(where + ": field 'messages' must be a non-empty list of {role, content}");
            }
            int index = 0;
            for (JsonNode message : messages) {
                String field = "messages[" + index++ + "]";
                String role = message.path("role").asString("");
                if (!message.path("content").isString()) {
                    throw new IllegalArgumentException(where + ": field '" + field + ".content' must be a string");
                }
                switch (role) {
                    case "system" -> system = system.isEmpty() ? message.path("content").asString() : system;
                    case "user" -> conversation.add(ChatMessage.user(message.path("content").asString()));
                    case "assistant" -> conversation.add(ChatMessage.assistant(message.path("content").asString()));
                    default -> throw new IllegalArgumentException(where + ": field '" + field + ".role' must be system, user or "
                            + "assistant, not '" + role + "'");
                }
            }
            if (conversation.isEmpty() || conversation.getLast().role() != ChatMessage.Role.ASSISTANT) {
                throw new IllegalArgumentException(where + ": field 'messages' must end with the assistant's answer to check");
            }
        } else {
            if (!object.has("question")) {
                throw new IllegalArgumentException(where + ": field 'question' is missing (give 'question' and 'answer', or 'messages')");
            }
            conversation.add(ChatMessage.user(JsonLines.text(where, object, "question")));
            conversation.add(ChatMessage.assistant(JsonLines.text(where, object, "answer")));
        }
        return new Suspect(id, system, conversation, object);
    }
}
