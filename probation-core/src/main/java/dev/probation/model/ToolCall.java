package dev.probation.model;

import java.util.Objects;

/**
 * A function call made by the model.
 *
 * @param id            the call's id, which its result quotes back
 * @param name          the tool's name
 * @param argumentsJson the arguments as the model wrote them: JSON text, kept verbatim even when it
 *                      is not valid JSON (a harness reports that back as a tool error)
 */
public record ToolCall(String id, String name, String argumentsJson) {

    public ToolCall {
        id = Objects.requireNonNullElse(id, "");
        name = Objects.requireNonNullElse(name, "");
        argumentsJson = Objects.requireNonNullElse(argumentsJson, "");
    }
}
