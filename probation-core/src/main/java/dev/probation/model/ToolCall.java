package dev.probation.model;

/** A function call made by the model; {@code argumentsJson} is the arguments as JSON text. */
public record ToolCall(String id, String name, String argumentsJson) {}
