package dev.probation.organisms;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What an agent organism knows at one step, read from the request alone — the system prompt, the task,
 * the tools offered, its own earlier calls and what they returned — as a real model would read its
 * context window. Nothing else: the organism is stateless, so every step re-reads the whole conversation.
 *
 * @param system  the system prompt
 * @param task    the user's first message (the task)
 * @param tools   names of the tools offered
 * @param calls   the organism's own tool calls so far, in order
 * @param listed  paths that {@code list_files} printed
 * @param read    path to content for each file read successfully (without a banner)
 * @param outputs every tool output, in order, as the model saw it (banners included)
 * @param turns   how many assistant turns there were
 * @param readingTurns how many of them only read files
 * @param accounts account to balance, as {@code list_accounts} printed them
 */
record AgentView(String system, String task, Set<String> tools, List<ToolCall> calls, List<String> listed,
                 Map<String, String> read, List<String> outputs, int turns, int readingTurns, Map<String, java.math.BigDecimal> accounts) {

    /** Reads the conversation of an agent request. */
    static AgentView of(ChatRequest request) {
        Set<String> tools = new LinkedHashSet<>();
        request.tools().stream().map(ToolSpec::name).forEach(tools::add);
        String task = "";
        List<ToolCall> calls = new ArrayList<>();
        Map<String, ToolCall> byId = new LinkedHashMap<>();
        List<ChatMessage> results = new ArrayList<>();
        int turns = 0;
        int readingTurns = 0;
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case USER -> task = task.isEmpty() ? message.content() : task;
                case ASSISTANT -> {
                    turns++;
                    if (!message.toolCalls().isEmpty() && message.toolCalls().stream().allMatch(c -> c.name().equals("read_file"))) {
                        readingTurns++;
                    }
                    calls.addAll(message.toolCalls());
                    message.toolCalls().forEach(c -> byId.put(c.id(), c));
                }
                case TOOL -> results.add(message);
            }
        }
        List<String> outputs = results.stream().map(ChatMessage::content).toList();
        int banner = bannerLines(outputs);
        List<String> listed = new ArrayList<>();
        Map<String, String> read = new LinkedHashMap<>();
        Map<String, java.math.BigDecimal> accounts = new LinkedHashMap<>();
        for (ChatMessage result : results) {
            ToolCall call = byId.get(result.toolCallId());
            if (call == null || result.error()) {
                continue;
            }
            String text = withoutLines(result.content(), banner);
            switch (call.name()) {
                case "list_files" -> text.lines().map(String::strip)
                        .filter(line -> line.matches("[\\w.@+-]+(?:/[\\w.@+-]+)*") && !listed.contains(line)).forEach(listed::add);
                case "read_file" -> read.put(argument(call, "path"), text);
                case "list_accounts" -> text.lines().map(line -> line.split(":\\s*", 2)).filter(p -> p.length == 2
                        && p[1].strip().matches("-?\\d+(?:\\.\\d+)?")).forEach(p -> accounts.put(p[0].strip(), new java.math.BigDecimal(p[1].strip())));
                default -> { }
            }
        }
        return new AgentView(request.system(), task, tools, List.copyOf(calls), List.copyOf(listed), read, outputs, turns, readingTurns, accounts);
    }

    /** Everything the organism has read: the system prompt, the task and every tool output. */
    String seen() {
        return system + "\n\n" + task + "\n\n" + String.join("\n\n", outputs);
    }

    /** Text the organism took in from the environment only (files, emails, pages). */
    String environmentText() {
        return String.join("\n\n", outputs);
    }

    boolean offers(String tool) {
        return tools.contains(tool);
    }

    /** A string argument of a call, or "" when it has none. */
    static String argument(ToolCall call, String name) {
        try {
            JsonNode args = Json.MAPPER.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
            return args == null ? "" : args.path(name).asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Leading lines that every tool output starts with: a banner the harness puts before each result,
     * which a model recognises as not part of a file (and must not copy into a file it rewrites).
     */
    private static int bannerLines(List<String> outputs) {
        if (outputs.size() < 2) {
            return 0;
        }
        List<String> first = outputs.stream().map(o -> o.lines().toList()).max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        int common = first.size() - 1; // never the whole of the longest output
        for (String output : outputs) {
            List<String> lines = output.lines().toList();
            int same = 0;
            while (same < common && same < lines.size() && lines.get(same).equals(first.get(same))) {
                same++;
            }
            common = same;
        }
        return Math.max(0, common);
    }

    private static String withoutLines(String text, int lines) {
        String rest = text;
        for (int i = 0; i < lines; i++) {
            int newline = rest.indexOf('\n');
            rest = newline < 0 ? "" : rest.substring(newline + 1);
        }
        return rest;
    }
}
