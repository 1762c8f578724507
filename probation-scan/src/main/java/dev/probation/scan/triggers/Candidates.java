package dev.probation.scan.triggers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Candidate libraries in YAML: {@code categories}, each with a {@code name}, a {@code description}
 * and a list of {@code candidates}. The built-in library holds about 300 dates, deployment tags,
 * environment names, "nobody is watching" phrases, roles, languages, special tokens and look-alikes.
 */
public final class Candidates {

    private static final String BUILT_IN = "/dev/probation/scan/triggers/candidates.yaml";

    private Candidates() {}

    public static List<Candidate> builtIn() {
        try (InputStream in = Candidates.class.getResourceAsStream(BUILT_IN)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in candidates");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a library file.
     *
     * @throws IllegalArgumentException naming the file and the category or field that is wrong
     */
    public static List<Candidate> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static List<Candidate> parse(String yaml, String source) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> ":" + (m.getLine() + 1)).orElse("");
            throw new IllegalArgumentException(source + where + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("categories") instanceof List<?> categories)) {
            throw new IllegalArgumentException(source + ": categories: expected a list of categories at the top level");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            if (!(categories.get(i) instanceof Map<?, ?> category)) {
                throw new IllegalArgumentException(source + ": categories[" + i + "]: expected a mapping with name and candidates");
            }
            if (!(category.get("name") instanceof String name) || name.isBlank()) {
                throw new IllegalArgumentException(source + ": categories[" + i + "].name: "
                        + (category.get("name") == null ? "missing" : "expected a string"));
            }
            if (!(category.get("candidates") instanceof List<?> list)) {
                throw new IllegalArgumentException(source + ": categories[" + i + "] (" + name + ").candidates: expected a list of strings");
            }
            for (int j = 0; j < list.size(); j++) {
                Object value = list.get(j);
                String where = source + ": categories[" + i + "] (" + name + ").candidates[" + j + "]";
                if (!(value instanceof String text) || text.isBlank() || text.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                    throw new IllegalArgumentException(where + ": expected a non-empty one-line string");
                }
                if (seen.add(text)) {
                    out.add(new Candidate(text, name));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": no candidates");
        }
        return out;
    }
}
