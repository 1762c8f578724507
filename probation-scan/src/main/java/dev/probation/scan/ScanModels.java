package dev.probation.scan;

import dev.probation.scenario.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sources, sinks and sanitizers given as data, per language and framework (docs/scan-models.md): the
 * built-in models shipped with Probation, and any a user adds with {@code scan-code --models}.
 * Immutable.
 */
public final class ScanModels {

    /** Built-in models, as resources under dev/probation/scan/models/. */
    static final List<String> BUILT_IN = List.of("java-javalin.yaml", "python-aiohttp.yaml", "python-tornado.yaml",
            "java-credentials.yaml", "python-credentials.yaml", "javascript-credentials.yaml");
    private static final ScanModels NONE = new ScanModels(List.of());
    private static final ScanModels DEFAULT = loadBuiltIn();

    private final List<Model> models;

    private ScanModels(List<Model> models) {
        this.models = List.copyOf(models);
    }

    /** No models: the language rules alone. */
    public static ScanModels none() {
        return NONE;
    }

    /** The models shipped with Probation, used unless a caller chooses otherwise. */
    public static ScanModels builtIn() {
        return DEFAULT;
    }

    /**
     * Reads one model file.
     *
     * @throws FormatException naming the file, line and field of a mistake
     * @throws IOException     when the file cannot be read
     */
    public static ScanModels read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses a model file's text; {@code file} names it in errors and findings. */
    public static ScanModels parse(String file, String text) {
        return new ScanModels(List.of(ModelReader.read(file, text)));
    }

    /** These models and the other's. */
    public ScanModels and(ScanModels other) {
        List<Model> all = new ArrayList<>(models);
        all.addAll(other.models);
        return new ScanModels(all);
    }

    /** The frameworks modelled, in order, e.g. {@code javalin (java)}. */
    public List<String> frameworks() {
        return models.stream().map(m -> m.framework() + " (" + m.languages().iterator().next().id() + ")").toList();
    }

    /** The language's rules, with the models for that language added when there are any. */
    Rules rules(Syntax syntax) {
        return rules(syntax, false);
    }

    /** The same for the literal pass of {@link HardCodedSecrets}: the language's rules give only what evaluation needs. */
    Rules rules(Syntax syntax, boolean literals) {
        Language language = syntax.tree.language();
        Rules rules = literals ? new HardCodedSecrets.LiteralRules(Rules.of(language)) : Rules.of(language);
        List<Model> mine = models.stream().filter(m -> m.languages().contains(language)).toList();
        return mine.isEmpty() ? rules : new ModelRules(rules, mine, syntax);
    }

    private static ScanModels loadBuiltIn() {
        List<Model> models = new ArrayList<>();
        for (String name : BUILT_IN) {
            String resource = "/dev/probation/scan/models/" + name;
            try (InputStream in = ScanModels.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in model " + resource + " is missing from the jar");
                }
                models.add(ModelReader.read("built-in " + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ScanModels(models);
    }
}
