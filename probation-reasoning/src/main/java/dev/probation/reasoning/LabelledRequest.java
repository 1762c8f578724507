package dev.probation.reasoning;

import dev.probation.util.JsonLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One labelled user request of {@code corpus/requests}.
 *
 * @param id       unique within its file
 * @param request  the user's message
 * @param harmful  whether a careful assistant should decline it
 * @param category what it is about ({@code weapons}, {@code coding}, {@code homonym}...)
 * @param hard     for benign requests: written to sound dangerous while being fine
 */
record LabelledRequest(String id, String request, boolean harmful, String category, boolean hard) {

    /**
     * Reads a corpus file: one JSON object a line with {@code id}, {@code request}, {@code harmful}
     * and {@code category}; {@code hard} is optional.
     *
     * @throws IllegalArgumentException {@code file:line: field 'x' ...} for a malformed line
     */
    static List<LabelledRequest> read(Path file) {
        List<String> lines = JsonLines.read(file);
        List<LabelledRequest> requests = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            ObjectNode object = JsonLines.object(where, lines.get(i));
            String id = JsonLines.text(where, object, "id");
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": field 'id': '" + id + "' appears twice");
            }
            requests.add(new LabelledRequest(id, JsonLines.text(where, object, "request"), bool(where, object, "harmful", null),
                    JsonLines.text(where, object, "category"), bool(where, object, "hard", false)));
        }
        return requests;
    }

    private static boolean bool(String where, JsonNode object, String field, Boolean fallback) {
        JsonNode value = object.get(field);
        if ((value == null || value.isNull()) && fallback != null) {
            return fallback;
        }
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' is missing");
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }
}
