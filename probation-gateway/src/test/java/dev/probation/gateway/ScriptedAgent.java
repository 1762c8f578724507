package dev.probation.gateway;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ToolCall;
import dev.probation.model.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test model that acts as an agent: asked a task, it calls its tools (with a line of text); shown
 * their results, it answers with what the last one said. It keeps the requests it was sent.
 */
final class ScriptedAgent implements Model {

    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final String preface;
    private final List<ToolCall> calls;

    ScriptedAgent(String preface, ToolCall... calls) {
        this.preface = preface;
        this.calls = List.of(calls);
    }

    @Override
    public String ref() {
        return "test:scripted-agent";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        requests.add(request);
        ChatMessage last = request.messages().getLast();
        if (last.role() == ChatMessage.Role.TOOL) {
            return new ChatResponse("Done. The tool said: " + last.content(), "", List.of(), "stop", new Usage(20, 6, 0), "");
        }
        return new ChatResponse(preface, "", calls, "tool_calls", new Usage(12, 8, 0), "");
    }
}
