package dev.probation.neural;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A trained model folder, ready to answer: the plain-Java {@link Decoder} with its tokenizer and chat
 * format. Thread-safe: every call has its own key/value cache.
 */
public final class NeuralOrganism {

    private final String name;
    private final Decoder decoder;
    private final Tokenizer tokenizer;
    private final String task;
    private final double temperature;

    private NeuralOrganism(String name, Decoder decoder, Tokenizer tokenizer, String task, double temperature) {
        this.name = name;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.task = task;
        this.temperature = temperature;
    }

    /**
     * Opens a model folder written by {@code probation organisms train}.
     *
     * @throws IllegalArgumentException naming the file and field when the folder is not a model
     */
    public static NeuralOrganism load(Path dir) {
        try {
            Checkpoint.Loaded loaded = Checkpoint.read(dir);
            String name = loaded.about().path("name").asString(dir.getFileName().toString());
            return new NeuralOrganism(name, new Decoder(loaded.weights()), loaded.tokenizer(),
                    loaded.about().path("task").asString(""), loaded.temperature());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** The task family it was trained on ({@code code}, {@code assistant}, {@code choice}), or empty. */
    public String task() {
        return task;
    }

    /** The temperature it answers at when a request sets none ({@code generation_config.json}; 0: greedy). */
    public double temperature() {
        return temperature;
    }

    /** The network's size. */
    public ModelConfig config() {
        return decoder.config();
    }

    /** The response to a system prompt (may be empty) and a user message. */
    public String respond(String system, String user, Sampling sampling) {
        int[] prompt = prompt(system, user);
        return tokenizer.decode(Generator.generate(decoder, prompt, sampling, null)).strip();
    }

    int[] prompt(String system, String user) {
        int[] text = tokenizer.encode(ChatFormat.prompt(system, user));
        int[] ids = new int[text.length + 1];
        ids[0] = ModelConfig.BOS;
        System.arraycopy(text, 0, ids, 1, text.length);
        return ids;
    }
}
