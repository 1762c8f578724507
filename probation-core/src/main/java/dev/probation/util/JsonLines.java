package dev.probation.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
     * The lines of a file; a byte-order mark at its start is dropped.
     *
     * @throws IllegalArgumentException {@code file:line: not UTF-8 text (byte 0xFF at column 12)}
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static List<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lines of a stream (standard input, for one), read to its end; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException {@code source:line: not UTF-8 text (byte 0xFF at column 12)}
     */
    public static List<String> read(String source, InputStream in) throws IOException {
        List<Utf8.Line> lines = Utf8.lines(in);
        List<String> texts = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).valid()) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + lines.get(i).malformed());
            }
            texts.add(lines.get(i).text());
        }
        return texts;
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
