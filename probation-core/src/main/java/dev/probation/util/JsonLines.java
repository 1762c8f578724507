package dev.probation.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading JSON Lines input with errors that name the place: {@code where} is {@code file:line}, and
 * every message is one line, {@code file:line: field 'x' ...} (internal; not part of the API).
 */
public final class JsonLines {

    private JsonLines() {}

    /**
     * @throws IllegalArgumentException {@code file: not UTF-8 text}
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The line as a JSON object. */
    public static ObjectNode object(String where, String line) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage());
        }
        if (!(json instanceof ObjectNode object)) {
            throw new IllegalArgumentException(where + ": each line must be a JSON object");
        }
        return object;
    }

    /** A required non-blank string field (an {@code id} may also be a number). */
    public static String text(String where, JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' is missing");
        }
        if (!value.isString() && !(field.equals("id") && value.isNumber())) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a string");
        }
        if (value.asString().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' is empty");
        }
        return value.asString();
    }

    /** An optional list of strings; empty when absent. */
    public static List<String> strings(String where, JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isString()) {
                    break;
                }
                list.add(item.asString());
            }
            if (list.size() == value.size()) {
                return list;
            }
        }
        throw new IllegalArgumentException(where + ": field '" + field + "' must be a list of strings");
    }
}
