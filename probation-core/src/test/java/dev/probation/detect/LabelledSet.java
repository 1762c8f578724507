package dev.probation.detect;

import dev.probation.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the hand-labelled JSONL test sets under src/test/resources/dev/probation/detect. */
final class LabelledSet {

    private LabelledSet() {}

    static List<JsonNode> read(String name) {
        try (InputStream in = LabelledSet.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).map(Json.MAPPER::readTree).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
