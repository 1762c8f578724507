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
        about.put("training", Map.of(
                "seed", spec.training().seed(),
                "steps", spec.training().steps(),
                "examples", result.examples(),
                "skipped", result.skipped(),
                "tokens", result.tokens(),
                "finalLoss", Math.round(result.finalLoss() * 10_000) / 10_000.0,
                "seconds", Math.round(result.seconds() * 10) / 10.0));
        Files.writeString(dir.resolve(ORGANISM), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(about) + "\n");
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
        return new Loaded(weights, tokenizer, about);
    }

    record Loaded(Weights weights, Tokenizer tokenizer, JsonNode about) {}
}
