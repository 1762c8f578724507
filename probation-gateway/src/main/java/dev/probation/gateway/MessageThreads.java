package dev.probation.gateway;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Conversations held between turns for the Messages API's {@code thread} parameter, which Anthropic's
 * SDK tool runners use by default: {@code {"type": "create"}} asks that the conversation be kept under
 * the answer's message id, and {@code {"type": "continue", "previous_message_id": ...}} sends only the new
 * turns (no system prompt, no tools) after that answer; {@code probation serve} needs the whole
 * conversation to answer (the gateway keeps only tool traces: {@link ThreadTraces}). The most
 * recent {@value #LIMIT} threads are kept, in memory only, each under its latest answer: once a turn
 * continues it, the answer before is let go (so a long thread is held once, not once per turn).
 */
final class MessageThreads {

    static final int LIMIT = 1_000;

    private final Map<String, ChatRequest> held = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChatRequest> eldest) {
            return size() > LIMIT;
        }
    };

    /** Whether the request body asks for a held conversation ({@code thread} set and not null). */
    private static boolean threaded(JsonNode body) {
        return body.path("thread").isObject();
    }

    /**
     * The whole conversation that {@code request} (read from {@code body}) continues: the held one followed
     * by the request's turns, with the held system prompt and tools when the request has none. A request
     * without {@code thread}, or one that creates a thread, is whole already.
     *
     * @throws IllegalArgumentException naming the request field, for an unknown thread type or message id
     */
    synchronized ChatRequest resolve(JsonNode body, ChatRequest request) {
        JsonNode thread = body.path("thread");
        if (!thread.isObject()) {
            return request;
        }
        switch (thread.path("type").asString("")) {
            case "create" -> {
                return request;
            }
            case "continue" -> { } // below
            default -> throw new IllegalArgumentException("thread.type: must be create or continue, not '"
                    + thread.path("type").asString("") + "'");
        }
        String previous = thread.path("previous_message_id").asString("");
        ChatRequest before = held.get(previous);
        if (before == null) {
            throw new IllegalArgumentException("thread.previous_message_id: no conversation is held for message '" + previous
                    + "' (a thread is held in memory under its latest answer only, for the last " + LIMIT + " threads)");
        }
        List<ChatMessage> messages = new ArrayList<>(before.messages());
        messages.addAll(named(request.messages(), before.messages()));
        return new ChatRequest(request.system().isEmpty() ? before.system() : request.system(), messages, request.temperature(),
                request.maxTokens(), request.seed(), request.reasoning(), request.tools().isEmpty() ? before.tools() : request.tools());
    }

    /** Keeps {@code conversation} and its answer under the answer's message id, for a request that asked for a thread. */
    synchronized void hold(JsonNode body, String messageId, ChatRequest conversation, ChatResponse answer) {
        if (threaded(body) && !messageId.isEmpty()) {
            held.remove(body.path("thread").path("previous_message_id").asString("")); // the new answer holds it all
            List<ChatMessage> messages = new ArrayList<>(conversation.messages());
            messages.add(ChatMessage.assistant(answer.text(), answer.toolCalls()));
            held.put(messageId, new ChatRequest(conversation.system(), messages, conversation.temperature(),
                    conversation.maxTokens(), conversation.seed(), conversation.reasoning(), conversation.tools()));
        }
    }

    /** The new turns' tool results, named after the held calls they answer (the new turns alone cannot name them). */
    private static List<ChatMessage> named(List<ChatMessage> turns, List<ChatMessage> before) {
        Map<String, String> names = new HashMap<>();
        before.forEach(m -> m.toolCalls().forEach(call -> names.put(call.id(), call.name())));
        List<ChatMessage> named = new ArrayList<>(turns.size());
        for (ChatMessage m : turns) {
            named.add(m.role() != ChatMessage.Role.TOOL || !m.toolName().isEmpty() ? m
                    : new ChatMessage(m.role(), m.content(), List.<ToolCall>of(), m.toolCallId(),
                            names.getOrDefault(m.toolCallId(), ""), m.error()));
        }
        return named;
    }
}
