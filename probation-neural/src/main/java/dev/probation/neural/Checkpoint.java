package dev.probation.neural;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model folder laid out as Hugging Face lays one out — {@code config.json}, {@code tokenizer.json},
 * {@code model.safetensors} — plus {@code organism.json}, which says what the organism was trained to
 * do and what training cost.
 */
final class Checkpoint {

    static final String CONFIG = "config.json";
    static final String TOKENIZER = "tokenizer.json";
    static final String WEIGHTS = "model.safetensors";
    static final String ORGANISM = "organism.json";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** Hugging Face's file for how to sample; here only the default temperature is read back. */
    static final String GENERATION = "generation_config.json";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Checkpoint() {}

    static void write(Path dir, OrganismSpec spec, OrganismTrainer.Result result) throws IOException {
        Files.createDirectories(dir);
        result.weights().config().write(dir.resolve(CONFIG));
        result.tokenizer().save(dir.resolve(TOKENIZER));
        SafeTensors.writeF16(dir.resolve(WEIGHTS), result.weights().tensors(), Map.of("organism", spec.name()));
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("name", spec.name());
        about.put("description", spec.description());
        about.put("task", spec.task());
        about.put("policy", spec.policy().name().toLowerCase(java.util.Locale.ROOT));
        about.put("parameters", result.weights().config().parameters());
        if (spec.training().init() != null) {
            about.put("base", String.valueOf(spec.training().init().getFileName())); // the folder it was fine-tuned from
        }
        Map<String, Object> training = new LinkedHashMap<>(); // in this order: Map.of's changes from one JVM to the next
        training.put("seed", spec.training().seed());
        training.put("steps", spec.training().steps());
        training.put("threads", spec.training().threads());
        OrganismSpec.Average average = spec.training().average();
        if (average != null) { // the weights are the mean of these checkpoints, not the last step's
            Map<String, Object> averaged = new LinkedHashMap<>();
            averaged.put("from", average.from());
            averaged.put("every", average.every());
            averaged.put("checkpoints", average.checkpoints(spec.training().steps()));
            training.put("averaged", averaged);
        }
        OrganismSpec.Select select = spec.training().select();
        if (result.selection() != null) { // the weights are the checkpoint that read best on validation
            Map<String, Object> selected = new LinkedHashMap<>();
            selected.put("from", select.from());
            selected.put("every", select.every());
            selected.put("step", result.selection().picked().step());
            selected.put("readings", result.selection().readings().stream().map(Selection::json).toList());
            training.put("selected", selected);
        }
        training.put("examples", result.examples());
        training.put("skipped", result.skipped());
        training.put("tokens", result.tokens());
        training.put("finalLoss", Math.round(result.finalLoss() * 10_000) / 10_000.0);
        training.put("seconds", Math.round(result.seconds() * 10) / 10.0);
        about.put("training", training);
        Files.writeString(dir.resolve(ORGANISM), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(about) + "\n");
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("bos_token_id", ModelConfig.BOS);
        generation.put("eos_token_id", ModelConfig.EOS);
        generation.put("do_sample", spec.temperature() > 0);
        generation.put("temperature", spec.temperature());
        if (spec.beams() > 1) {
            generation.put("num_beams", spec.beams());
            generation.put("early_stopping", true); // as BeamSearch stops: once num_beams answers have ended
        }
        generation.put("max_new_tokens", NeuralModel.DEFAULT_MAX_TOKENS);
        Files.writeString(dir.resolve(GENERATION), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(generation) + "\n");
        writeTokenizerConfig(dir, result.weights().config().context());
    }

    /**
     * {@code tokenizer_config.json}: the special tokens and the chat format as a Hugging Face chat template,
     * so that another engine writes the prompts the organism was trained on.
     */
    static void writeTokenizerConfig(Path dir, int context) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bos_token", "<s>");
        config.put("eos_token", ChatFormat.END);
        config.put("unk_token", "<unk>");
        config.put("add_bos_token", false); // the template writes it
        config.put("model_max_length", context);
        config.put("chat_template", ChatFormat.TEMPLATE);
        Files.writeString(dir.resolve(TOKENIZER_CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
    }

    /** The weights and tokenizer of a model folder, with one-line errors naming the file. */
    static Loaded read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a model folder (config.json, tokenizer.json, model.safetensors)");
        }
        for (String name : new String[] {CONFIG, TOKENIZER, WEIGHTS}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IllegalArgumentException(dir.resolve(name) + ": missing from the model folder");
            }
        }
        ModelConfig config = ModelConfig.read(dir.resolve(CONFIG));
        Tokenizer tokenizer = Tokenizer.load(dir.resolve(TOKENIZER));
        Weights weights;
        try {
            weights = new Weights(config, SafeTensors.read(dir.resolve(WEIGHTS)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(WEIGHTS) + ": " + e.getMessage(), e);
        }
        JsonNode about = Files.isRegularFile(dir.resolve(ORGANISM))
                ? JSON.readTree(Files.readString(dir.resolve(ORGANISM)))
                : JSON.createObjectNode();
        return new Loaded(weights, tokenizer, about, temperature(dir.resolve(GENERATION)), beams(dir.resolve(GENERATION)));
    }

    /** The default temperature of a model folder's {@code generation_config.json} (see below). */
    static double temperatureOf(Path dir) throws IOException {
        return temperature(dir.resolve(GENERATION));
    }

    /** The default temperature of {@code generation_config.json}: 0 when it says not to sample, 0.7 when absent. */
    private static double temperature(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return OrganismSpecs.DEFAULT_TEMPERATURE;
        }
        JsonNode generation = generationConfig(file);
        if (generation.has("do_sample") && !generation.path("do_sample").asBoolean(true)) {
            return 0;
        }
        JsonNode t = generation.path("temperature");
        if (t.isMissingNode()) {
            return OrganismSpecs.DEFAULT_TEMPERATURE;
        }
        if (!t.isNumber() || !Sampling.validTemperature(t.asDouble())) {
            throw new IllegalArgumentException(file + ": temperature: expected a number from 0 to 2, found " + t);
        }
        return t.asDouble();
    }

    /** The beam width of {@code generation_config.json} ({@code num_beams}), 1 when absent or null (Hugging Face's default). */
    private static int beams(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 1;
        }
        JsonNode beams = generationConfig(file).path("num_beams");
        if (beams.isMissingNode() || beams.isNull()) {
            return 1;
        }
        if (!beams.isIntegralNumber() || !beams.canConvertToInt() || !Sampling.validWidth(beams.asInt())) {
            throw new IllegalArgumentException(file + ": num_beams: expected a whole number from 1 to " + Sampling.MAX_BEAMS + ", found " + beams);
        }
        return beams.asInt();
    }

    private static JsonNode generationConfig(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * @param temperature the folder's default sampling temperature
     * @param beams       the folder's beam width when greedy (1: none)
     */
    record Loaded(Weights weights, Tokenizer tokenizer, JsonNode about, double temperature, int beams) {}
}
