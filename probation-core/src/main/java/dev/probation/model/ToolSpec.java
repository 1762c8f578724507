package dev.probation.model;

import java.util.Objects;

/** A function the model may call; {@code parametersJson} is its JSON Schema. */
public record ToolSpec(String name, String description, String parametersJson) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        parametersJson = Objects.requireNonNullElse(parametersJson, "{\"type\":\"object\",\"properties\":{}}");
    }
}
