package dev.probation.agent;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A tool the scenario declares itself, answered from canned responses: the response for the value of
 * one argument ({@code responses}, keyed by {@code argument}'s value as text), else the fixed
 * {@code response}. A call with no matching response is a tool error naming the values that have one.
 * A {@code simulated} tool has no canned responses: a simulator model answers it ({@link ToolSimulator}).
 * User tools never change the environment.
 *
 * @param name           the tool's name, as the model calls it (letters, digits, '_' and '-', at most 64)
 * @param description    what the model is told the tool does
 * @param parametersJson the JSON Schema of its arguments (an object schema)
 * @param response       the fixed or fallback response; null when every call must match {@code responses}
 * @param argument       the argument whose value picks a response; null for a fixed response only
 * @param responses      argument value to response
 * @param simulated      whether a simulator model answers the tool instead of canned responses
 * @param behaviour      for a simulated tool, what it does and the world it lives in, as the simulator is
 *                       told (the model sees only {@code description}); empty for none
 */
public record UserTool(String name, String description, String parametersJson, String response, String argument,
                       Map<String, String> responses, boolean simulated, String behaviour) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public UserTool {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name '" + name + "' may only hold letters, digits, '_' and '-' (at most 64)");
        }
        description = Objects.requireNonNullElse(description, "");
        parametersJson = Objects.requireNonNullElse(parametersJson, "{\"type\": \"object\", \"properties\": {}}");
        ArgumentSchema.of(parametersJson); // fails early, with the schema's first problem
        responses = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNullElse(responses, Map.of())));
        behaviour = Objects.requireNonNullElse(behaviour, "").strip();
        if (simulated && (response != null || argument != null || !responses.isEmpty())) {
            throw new IllegalArgumentException("a simulated tool is answered by the simulator; remove its "
                    + (response != null ? "'response'" : "'argument' and 'responses'"));
        }
        if (argument == null && !responses.isEmpty()) {
            throw new IllegalArgumentException("responses need an 'argument' whose value picks one");
        }
        if (argument != null && responses.isEmpty()) {
            throw new IllegalArgumentException("'argument' is set but there are no responses to pick from");
        }
        if (!simulated && !behaviour.isEmpty()) {
            throw new IllegalArgumentException("'behaviour' is for simulated tools; add 'simulated: true'");
        }
        if (!simulated && response == null && responses.isEmpty()) {
            throw new IllegalArgumentException("a user tool needs a response or responses (or 'simulated: true')");
        }
    }

    /** A tool answered from canned responses. */
    public UserTool(String name, String description, String parametersJson, String response, String argument,
                    Map<String, String> responses) {
        this(name, description, parametersJson, response, argument, responses, false, "");
    }

    /** A tool a simulator model answers. */
    public static UserTool simulated(String name, String description, String parametersJson, String behaviour) {
        return new UserTool(name, description, parametersJson, null, null, Map.of(), true, behaviour);
    }

    /** A tool that always answers the same. */
    public static UserTool fixed(String name, String description, String parametersJson, String response) {
        return new UserTool(name, description, parametersJson, response, null, Map.of());
    }
}
