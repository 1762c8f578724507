package dev.probation.gateway;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's memory of Messages API threads. Anthropic's SDK tool runners send the {@code thread}
 * parameter by default: after the first turn ({@code {"type": "create"}}) each request carries only the
 * new turns ({@code {"type": "continue", "previous_message_id": ...}}), without the tools or the earlier
 * calls. To trace such a turn as a whole conversation, the tool trace of each live threaded answer is
 * kept under its message id, and only under the thread's latest answer (a continued one is let go).
 * Traces are already cut ({@link ToolTrace#TEXT_LIMIT}); the oldest are dropped beyond
 * {@value #CHAR_BUDGET} characters. A thread begun before the gateway started, or dropped, is traced
 * from the new turns alone.
 */
final class ThreadTraces {

    static final long CHAR_BUDGET = 16L << 20;

    private final Map<String, ToolTrace> held = new LinkedHashMap<>(16, 0.75f, true);
    private long chars;

    /**
     * The trace of a Messages API exchange: after the held trace of the answer it continues, if any.
     *
     * @param body      the request body; {@code request} is read from it
     * @param messageId the answer's id, under which a live threaded answer's trace is held
     * @param live      false for a shadow call, which re-asks a live request and must not move its thread on
     */
    synchronized ToolTrace trace(JsonNode body, ChatRequest request, ChatResponse response, String messageId, boolean live) {
        JsonNode thread = body.path("thread");
        String previous = "continue".equals(thread.path("type").asString("")) ? thread.path("previous_message_id").asString("") : "";
        ToolTrace before = held.getOrDefault(previous, ToolTrace.NONE);
        ToolTrace trace = ToolTrace.after(before, request, response);
        if (live && thread.isObject() && response != null && !messageId.isEmpty()) {
            forget(previous);
            held.put(messageId, trace);
            chars += trace.chars();
            for (Iterator<ToolTrace> eldest = held.values().iterator(); chars > CHAR_BUDGET && eldest.hasNext(); ) {
                chars -= eldest.next().chars();
                eldest.remove();
            }
        }
        return trace;
    }

    private void forget(String messageId) {
        ToolTrace gone = held.remove(messageId);
        if (gone != null) {
            chars -= gone.chars();
        }
    }
}
