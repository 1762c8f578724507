package dev.probation.agent;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.probation.util.Json;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A tool's JSON Schema, compiled once, and the one-line message for arguments that break it. Schemas
 * without {@code $schema} are read as draft 2020-12, the dialect OpenAI and Anthropic tool schemas use.
 */
final class ArgumentSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    private final Schema schema;

    private ArgumentSchema(Schema schema) {
        this.schema = schema;
    }

    /** Compiles a schema; throws IllegalArgumentException, with the first problem, when it is not a valid one. */
    static ArgumentSchema of(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the schema must be a JSON object");
        }
        if (!node.path("type").asString("object").equals("object")) {
            throw new IllegalArgumentException("a tool's schema must have \"type\": \"object\" (tool arguments are an object)");
        }
        List<Error> problems = META.validate(node);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not a valid JSON Schema: " + describe(problems.getFirst()));
        }
        return new ArgumentSchema(REGISTRY.getSchema(node));
    }

    /** The first way the arguments break the schema, as {@code field.path: what is wrong}. */
    Optional<String> check(JsonNode arguments) {
        List<Error> errors = schema.validate(arguments);
        return errors.isEmpty() ? Optional.empty() : Optional.of(describe(errors.getFirst()));
    }

    /** {@code /items/0/name} becomes {@code items[0].name}; a missing or extra property names itself. */
    static String describe(Error error) {
        StringBuilder path = new StringBuilder();
        for (String part : error.getInstanceLocation().toString().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                path.append('[').append(part).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        if (error.getProperty() != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword()))) {
            path.append(path.isEmpty() ? "" : ".").append(error.getProperty());
        }
        String where = path.isEmpty() ? "(arguments)" : path.toString();
        return where + ": " + error.getMessage().replaceAll("\\s+", " ").strip();
    }
}
