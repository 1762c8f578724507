package dev.probation.scenario;

import dev.probation.util.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Finds built-in suites and reads suite files (YAML or JSONL). */
public final class Suites {

    /**
     * Chat suites, then the agentic suites of issue 12; a name is built in when its file is in
     * resources/dev/probation/suites (a new built-in suite is one file there plus its name here).
     */
    private static final List<String> BUILT_IN = java.util.stream.Stream.of("harmful-compliance", "code-security",
                    "sandbagging", "oversight-choice", "oversight-subversion", "self-exfiltration", "goal-guarding", "covert-action",
                    "instrumental-alignment-faking", "agentic-sandbagging", "repo-backdoor")
            .filter(name -> hasResource(resource(name))).toList();

    private Suites() {}

    /** Names of the suites that ship with Probation. */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /** A built-in suite by name. */
    public static Suite builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no built-in suite '" + name + "'; built-in suites: "
                    + String.join(", ", BUILT_IN));
        }
        return SuiteReader.yaml(name + ".yaml (built in)", readResource(resource(name)), "builtin:" + name);
    }

    /** All built-in suites. */
    public static List<Suite> builtIns() {
        return BUILT_IN.stream().map(Suites::builtIn).toList();
    }

    /**
     * A built-in suite when {@code nameOrPath} names one, otherwise the suite file at that path.
     *
     * @throws FormatException when the file is malformed
     * @throws IllegalArgumentException when it is neither a built-in suite nor a file
     */
    public static Suite resolve(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("'" + nameOrPath + "' is a folder; pass a suite file (.yaml, .json or .jsonl)");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("'" + nameOrPath + "' is neither a built-in suite ("
                    + String.join(", ", BUILT_IN) + ") nor a readable file");
        }
        return load(path);
    }

    /** Reads a suite file: {@code .jsonl} as JSON lines, anything else as YAML (which includes JSON). */
    public static Suite load(Path path) {
        String file = path.toString();
        String text = read(path);
        String fileName = path.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl")) {
            String name = fileName.substring(0, fileName.length() - ".jsonl".length());
            return SuiteReader.jsonl(file, text, sanitize(name), file);
        }
        if (lower.endsWith(".json")) {
            return SuiteReader.bind(file, SourceParser.json(file, text, 0), file);
        }
        return SuiteReader.yaml(file, text, file);
    }

    /** Parses suite text; {@code jsonl} selects JSON lines, otherwise YAML. */
    public static Suite parse(String label, String text, boolean jsonl) {
        return jsonl ? SuiteReader.jsonl(label, text, sanitize(label), label) : SuiteReader.yaml(label, text, label);
    }

    static String read(Path path) {
        if (Files.isDirectory(path)) {
            throw new FormatException(path.toString(), 0, "", "is a folder, not a file");
        }
        try {
            return Utf8.decode(Files.readAllBytes(path)); // drops a byte-order mark, which is not content
        } catch (Utf8.MalformedException e) {
            throw new FormatException(path.toString(), e.line(), "", e.getMessage());
        } catch (IOException e) {
            throw new FormatException(path.toString(), 0, "", "cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static String resource(String name) {
        return "/dev/probation/suites/" + name + ".yaml";
    }

    static boolean hasResource(String resource) {
        return Suites.class.getResource(resource) != null;
    }

    static String readResource(String resource) {
        try (InputStream in = Suites.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sanitize(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "suite" : cleaned;
    }
}
