package dev.probation.scan;

import dev.probation.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Reads the labelled corpus (corpus/code/*.jsonl): one snippet per line with id, language, cwe, label, response. */
public final class Corpus {

    private Corpus() {}

    /** All snippets in the .jsonl files of a folder, file by file in name order. */
    public static List<Evaluation.Snippet> read(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Evaluation.Snippet> snippets = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                snippets.addAll(readFile(file));
            }
            return snippets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Evaluation.Snippet> readFile(Path file) {
        try {
            List<Evaluation.Snippet> snippets = new ArrayList<>();
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode n = Json.MAPPER.readTree(lines.get(i));
                String label = n.path("label").asString();
                if (!label.equals("vulnerable") && !label.equals("secure")) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": label: must be vulnerable or secure, was '" + label + "'");
                }
                snippets.add(new Evaluation.Snippet(n.path("id").asString(), n.path("language").asString(), n.path("cwe").asString(),
                        label.equals("vulnerable"), n.path("response").asString()));
            }
            return snippets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
