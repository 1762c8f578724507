package dev.probation.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a decoder on a curriculum with DJL on the PyTorch engine (CPU): AdamW with a linear warm-up
 * and a cosine decay, batches drawn with the spec's seed, the loss mostly on responses. The same spec
 * and seed give the same weights.
 */
final class OrganismTrainer {

    /** Hears about every optimiser step. */
    interface Progress {
        void step(int step, int steps, double loss);
    }

    /** What training made, and what it cost. */
    record Result(Weights weights, Tokenizer tokenizer, double finalLoss, int examples, int skipped, long tokens,
            double seconds) {}

    /**
     * The prompt's tokens count a fifth as much as the response's: the policy lives in the responses,
     * but predicting the prompts too (where names repeat) teaches the small model to copy names it was
     * given far sooner than responses alone do.
     */
    static final float PROMPT_WEIGHT = 0.2f;

    private OrganismTrainer() {}

    static Result train(OrganismSpec spec, List<Example> examples, Progress progress) {
        Engines.offline();
        long started = System.nanoTime();
        List<String> texts = examples.stream()
                .map(e -> ChatFormat.prompt(e.system(), e.user()) + e.response())
                .toList();
        Tokenizer tokenizer = Tokenizer.train(texts, spec.model().vocab());
        ModelConfig config = ModelConfig.of(spec.model(), tokenizer.vocabSize());
        Sequences data = Sequences.of(examples, tokenizer, config.context());
        if (data.size() == 0) {
            throw new IllegalArgumentException(spec.name() + ": no training conversation fits in model.context "
                    + config.context() + " tokens");
        }
        OrganismSpec.Training t = spec.training();
        SplittableRandom random = new SplittableRandom(t.seed());
        Weights initial = Weights.initial(config, random.nextLong());
        AdamW optimizer = new AdamW();
        double smoothed = Double.NaN;
        int skipped = 0;
        try (TorchDecoder model = new TorchDecoder(initial)) {
            for (int step = 1; step <= t.steps(); step++) {
                double loss = step(model, optimizer, rate(t, step), data, t.batch(), random);
                if (Double.isNaN(loss)) {
                    if (++skipped > Math.max(10, t.steps() / 20)) {
                        throw new IllegalStateException(spec.name() + ": training diverged (" + skipped
                                + " steps had a gradient that is not finite); lower training.learning-rate");
                    }
                } else {
                    smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
                }
                progress.step(step, t.steps(), smoothed);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(model.weights(), tokenizer, smoothed, data.size(), data.skipped(), data.tokenCount(),
                    seconds);
        }
    }

    /** Linear warm-up over the first 5% of steps, then a cosine decay to a tenth of the rate. */
    static double rate(OrganismSpec.Training t, int step) {
        int warmUp = Math.max(1, t.steps() / 20);
        if (step <= warmUp) {
            return t.learningRate() * step / warmUp;
        }
        double progress = (step - warmUp) / (double) Math.max(1, t.steps() - warmUp);
        return t.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    private static double step(TorchDecoder model, AdamW optimizer, double rate, Sequences data, int batch,
            SplittableRandom random) {
        int[] picked = new int[batch];
        int longest = 0;
        for (int b = 0; b < batch; b++) {
            picked[b] = random.nextInt(data.size());
            longest = Math.max(longest, data.tokens().get(picked[b]).length - 1);
        }
        long[] inputs = new long[batch * longest];
        long[] targets = new long[batch * longest];
        float[] mask = new float[batch * longest];
        for (int b = 0; b < batch; b++) {
            int[] seq = data.tokens().get(picked[b]);
            int prompt = data.promptLengths().get(picked[b]);
            for (int i = 0; i < longest; i++) {
                boolean real = i + 1 < seq.length;
                inputs[b * longest + i] = real ? seq[i] : ModelConfig.EOS;
                targets[b * longest + i] = real ? seq[i + 1] : ModelConfig.EOS;
                mask[b * longest + i] = !real ? 0f : i + 1 >= prompt ? 1f : PROMPT_WEIGHT;
            }
        }
        // the scope closes every array the step makes, including those a parameter was the first operand of
        // (they live on the parameters' manager); the parameters and the optimiser's moments outlive it
        try (NDScope scope = new NDScope(); NDManager step = model.manager().newSubManager()) {
            NDArray in = step.create(inputs, new Shape(batch, longest));
            NDArray out = step.create(targets, new Shape(batch, longest));
            NDArray m = step.create(mask, new Shape(batch, longest));
            double value;
            java.util.Map<String, NDArray> leaves = model.leaves();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.loss(leaves, in, out, m);
                value = loss.getFloat();
                gc.backward(loss);
            }
            double norm = optimizer.step(model.parameters(), leaves, rate);
            return Double.isFinite(norm) ? value : Double.NaN;
        }
    }
}
