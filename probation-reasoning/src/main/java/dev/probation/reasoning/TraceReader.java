package dev.probation.reasoning;

import dev.probation.util.JsonLines;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads traces from JSON Lines: each line an object with {@code id} and {@code reasoning}, and,
 * in labelled sets, {@code alignmentFaking}, {@code evalAware} and {@code criteria}. Other fields are
 * kept. Errors name the file, the line and the field.
 */
public final class TraceReader {

    private TraceReader() {}

    /**
     * @throws IllegalArgumentException {@code file:line: field 'x' ...} for a malformed line, or for a
     *                                  file that is not UTF-8
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static List<Trace> read(Path file) {
        return read(file.toString(), JsonLines.read(file));
    }

    /**
     * Reads lines already in memory (standard input, for one); {@code source} names them in errors.
     *
     * @throws IllegalArgumentException {@code source:line: field 'x' ...} for a malformed line
     */
    public static List<Trace> read(String source, List<String> lines) {
        List<Trace> traces = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Trace trace = parse(source + ":" + (i + 1), line);
            if (!ids.add(trace.id())) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": field 'id': '" + trace.id() + "' appears twice");
            }
            traces.add(trace);
        }
        return traces;
    }

    static Trace parse(String where, String line) {
        ObjectNode object = JsonLines.object(where, line);
        String id = JsonLines.text(where, object, "id");
        String reasoning = JsonLines.text(where, object, "reasoning");
        Set<Criterion> criteria = new LinkedHashSet<>();
        JsonNode list = object.get("criteria");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException(where + ": field 'criteria' must be a list of criterion ids");
            }
            for (JsonNode item : list) {
                try {
                    criteria.add(Criterion.of(item.asString("")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": field 'criteria': " + e.getMessage());
                }
            }
        }
        return new Trace(id, reasoning, flag(where, object, "alignmentFaking"), flag(where, object, "evalAware"), criteria,
                object);
    }

    private static Boolean flag(String where, ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }
}
