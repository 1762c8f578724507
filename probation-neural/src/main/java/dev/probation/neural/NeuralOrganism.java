package dev.probation.neural;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model folder, ready to answer: the plain-Java {@link Decoder} with its tokenizer and chat
 * format. Thread-safe: every call has its own key/value cache.
 */
public final class NeuralOrganism implements OpenWeights {

    private final String name;
    private final Weights weights;
    private final Decoder decoder;
    private final Tokenizer tokenizer;
    private final String task;
    private final double temperature;
    private final int beams;

    private NeuralOrganism(String name, Weights weights, Tokenizer tokenizer, String task, double temperature, int beams) {
        this.name = name;
        this.weights = weights;
        this.decoder = new Decoder(weights);
        this.tokenizer = tokenizer;
        this.task = task;
        this.temperature = temperature;
        this.beams = beams;
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
            return new NeuralOrganism(name, loaded.weights(), loaded.tokenizer(),
                    loaded.about().path("task").asString(""), loaded.temperature(), loaded.beams());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    /** The organism {@code spec} describes, with these weights and tokenizer and the spec's own sampling. */
    static NeuralOrganism of(OrganismSpec spec, Weights weights, Tokenizer tokenizer) {
        return new NeuralOrganism(spec.name(), weights, tokenizer, spec.task(), spec.temperature(), spec.beams());
    }

    /**
     * A copy fine-tuned in memory on {@code conversations} (each a system prompt, a user message and the
     * response to learn), as {@code organisms train} fine-tunes with {@code training.init}: AdamW with
     * warm-up and cosine decay, seeded batches, the loss mostly on the responses. This organism is
     * not changed. Loads the PyTorch engine (DJL, offline).
     */
    public NeuralOrganism fineTuned(List<Example> conversations, int steps, int batch, double learningRate, long seed) {
        OrganismSpec.Training t = new OrganismSpec.Training(conversations.size(), steps, batch, learningRate, seed);
        OrganismTrainer.Result result = OrganismTrainer.run(name, weights, tokenizer, conversations, t,
                new java.util.SplittableRandom(seed), (step, total, loss) -> {}, System.nanoTime());
        return new NeuralOrganism(name, result.weights(), tokenizer, task, temperature, beams);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layers() {
        return decoder.config().layers();
    }

    @Override
    public int hidden() {
        return decoder.config().hidden();
    }

    /** The task family it was trained on ({@code code}, {@code assistant}, {@code choice}), or empty. */
    public String task() {
        return task;
    }

    /** The temperature it answers at when a request sets none ({@code generation_config.json}; 0: greedy). */
    @Override
    public double temperature() {
        return temperature;
    }

    /**
     * The width of the beam search it answers with when greedy and a request leaves it to the model
     * ({@code num_beams} in {@code generation_config.json}; 1: plain greedy).
     */
    @Override
    public int beams() {
        return beams;
    }

    /** The network's size. */
    public ModelConfig config() {
        return decoder.config();
    }

    /** The response to a system prompt (may be empty) and a user message. */
    public String respond(String system, String user, Sampling sampling) {
        return respond(system, user, sampling, null);
    }

    /**
     * The response with {@code hook} reading or changing the residual stream after every block, at
     * every position of the prompt and of the answer as it is written (of every beam's answer, in a
     * beam search).
     *
     * @param hook may be null
     */
    @Override
    public String respond(String system, String user, Sampling sampling, ResidualHook hook) {
        int[] prompt = prompt(system, user);
        return tokenizer.decode(Generator.generate(decoder, prompt, sampling, sampling.beamsFor(beams), hook)).strip();
    }

    /**
     * The log-probability (natural log) that the model answers exactly {@code answer} and stops,
     * with {@code hook} (may be null) reading or changing the residual stream meanwhile: the
     * answer's tokens are fed as the model would have written them (teacher forcing).
     */
    @Override
    public double logProbability(String system, String user, String answer, ResidualHook hook) {
        int[] response = tokenizer.encode(answer);
        int[] tokens = java.util.Arrays.copyOf(response, response.length + 1);
        tokens[response.length] = ModelConfig.EOS;
        int context = decoder.config().context();
        // the prompt is cut as it is when the organism answers (NeuralModel's default budget), so that an
        // answer is scored on the prompt it was written for
        int[] input = Generator.fit(prompt(system, user), Generator.room(context, NeuralModel.DEFAULT_MAX_TOKENS));
        Decoder.Cache cache = decoder.cache();
        float[] logits = decoder.next(cache, input, hook);
        double sum = 0;
        for (int i = 0; i < tokens.length; i++) {
            sum += Generator.logSoftmax(logits, tokens[i]);
            if (i + 1 < tokens.length) {
                if (cache.length() >= context) {
                    return Double.NEGATIVE_INFINITY; // the answer does not fit: the model could not write it
                }
                logits = decoder.next(cache, tokens[i], hook);
            }
        }
        return sum;
    }

    /**
     * The residual stream after every block at every token of the prompt, up to the point where the
     * answer would start: {@code [layer][position][hidden]}. A prompt too long for the context with
     * room for an answer loses its middle, as when the organism answers.
     */
    public float[][][] residuals(String system, String user) {
        return residuals(system, user, "");
    }

    /**
     * The residual stream after every block at every token of the prompt followed by the start of an
     * answer, fed as if the model had written it ({@code ""}: the prompt alone).
     */
    @Override
    public float[][][] residuals(String system, String user, String answerStart) {
        int context = decoder.config().context();
        int[] prompt = prompt(system, user);
        int[] start = answerStart.isEmpty() ? new int[0] : tokenizer.encode(answerStart);
        int[] fitted = Generator.fit(prompt, Generator.room(context, NeuralModel.DEFAULT_MAX_TOKENS));
        int[] input = java.util.Arrays.copyOf(fitted, Math.min(context, fitted.length + start.length));
        System.arraycopy(start, 0, input, fitted.length, input.length - fitted.length);
        float[][][] out = new float[decoder.config().layers()][input.length][];
        decoder.next(decoder.cache(), input, (layer, position, residual) -> out[layer][position] = residual.clone());
        return out;
    }

    int[] prompt(String system, String user) {
        int[] text = tokenizer.encode(ChatFormat.prompt(system, user));
        int[] ids = new int[text.length + 1];
        ids[0] = ModelConfig.BOS;
        System.arraycopy(text, 0, ids, 1, text.length);
        return ids;
    }
}
