package dev.probation.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trains a decoder on a curriculum with DJL on the PyTorch engine (CPU): AdamW with a linear warm-up
 * and a cosine decay, batches drawn with the spec's seed and grouped by length ({@link Batches}), the
 * loss mostly on responses, and optionally the mean of the last checkpoints ({@link WeightAverage}) or the
 * one that reads best on the validation prompts ({@link Selection}) as the result. The same spec and seed
 * give the same weights: PyTorch runs on the spec's threads, one training at a time per process.
 */
final class OrganismTrainer {

    /** Hears about every optimiser step. */
    interface Progress {
        void step(int step, int steps, double loss);
    }

    /** What training made, and what it cost. */
    record Result(Weights weights, Tokenizer tokenizer, double finalLoss, int examples, int skipped, long tokens,
            double seconds, Selection selection) {

        /** A run that wrote its last step's weights (or their mean), with no checkpoint picked on validation. */
        Result(Weights weights, Tokenizer tokenizer, double finalLoss, int examples, int skipped, long tokens,
                double seconds) {
            this(weights, tokenizer, finalLoss, examples, skipped, tokens, seconds, null);
        }
    }

    private static final ReentrantLock TRAINING = new ReentrantLock();

    private OrganismTrainer() {}

    static Result train(OrganismSpec spec, List<Example> examples, Progress progress) {
        long started = System.nanoTime();
        OrganismSpec.Training t = spec.training();
        SplittableRandom random = new SplittableRandom(t.seed());
        Tokenizer tokenizer;
        Weights initial;
        if (t.init() == null) {
            List<String> texts = examples.stream().map(e -> ChatFormat.prompt(e.system(), e.user()) + e.response()).toList();
            tokenizer = Tokenizer.train(texts, spec.model().vocab(), spec.model().split());
            initial = Weights.initial(ModelConfig.of(spec.model(), tokenizer.vocabSize()), random.nextLong());
        } else {
            Checkpoint.Loaded base = base(spec);
            tokenizer = base.tokenizer();
            initial = base.weights();
            random.nextLong(); // the same draws follow as in a fresh run
        }
        Selection selection = t.select() == null ? null : new Selection(spec, tokenizer);
        return run(spec.name(), initial, tokenizer, examples, t, random, progress, started, selection);
    }

    /**
     * Trains {@code initial} on {@code examples} with {@code tokenizer}: the loop shared by a spec's
     * run and an in-memory fine-tune; {@code random} draws the batches.
     */
    static Result run(String name, Weights initial, Tokenizer tokenizer, List<Example> examples,
            OrganismSpec.Training t, SplittableRandom random, Progress progress, long started) {
        return run(name, initial, tokenizer, examples, t, random, progress, started, null);
    }

    /** As above; {@code selection} (for {@code training.select}) reads the checkpoints it names. */
    private static Result run(String name, Weights initial, Tokenizer tokenizer, List<Example> examples,
            OrganismSpec.Training t, SplittableRandom random, Progress progress, long started, Selection selection) {
        // PyTorch's thread count is the process's: one run at a time keeps each run's own
        TRAINING.lock();
        try {
            Engines.threads(t.threads());
            return runPinned(name, initial, tokenizer, examples, t, random, progress, started, selection);
        } finally {
            TRAINING.unlock();
        }
    }

    private static Result runPinned(String name, Weights initial, Tokenizer tokenizer, List<Example> examples,
            OrganismSpec.Training t, SplittableRandom random, Progress progress, long started, Selection selection) {
        ModelConfig config = initial.config();
        Sequences data = Sequences.of(examples, tokenizer, config.context());
        if (data.size() == 0) {
            throw new IllegalArgumentException(name + ": no training conversation fits in model.context "
                    + config.context() + " tokens");
        }
        AdamW optimizer = new AdamW();
        double smoothed = Double.NaN;
        int skipped = 0;
        Batches batches = new Batches(data.tokens().stream().mapToInt(seq -> seq.length).toArray(), t.batch(), random);
        WeightAverage average = t.average() == null ? null : new WeightAverage();
        try (TorchDecoder model = new TorchDecoder(initial)) {
            for (int step = 1; step <= t.steps(); step++) {
                double loss = step(model, optimizer, rate(t, step), data, batches.next(), (float) t.promptWeight());
                if (Double.isNaN(loss)) {
                    if (++skipped > Math.max(10, t.steps() / 20)) {
                        throw new IllegalStateException(name + ": training diverged (" + skipped
                                + " steps had a gradient that is not finite); lower training.learning-rate");
                    }
                } else {
                    smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
                }
                if (average != null && t.average().takes(step, t.steps())) {
                    average.add(model.weights());
                }
                if (selection != null && t.select().takes(step, t.steps())) {
                    selection.offer(step, model.weights()); // plain Java reads it; the batches drawn are not touched
                }
                progress.step(step, t.steps(), smoothed);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Weights written = selection != null ? selection.best() : average != null ? average.mean() : model.weights();
            return new Result(written, tokenizer, smoothed, data.size(), data.skipped(), data.tokenCount(), seconds, selection);
        }
    }

    /**
     * The model folder {@code training.init} names, which must have the spec's shape: fine-tuning keeps
     * the base's tokenizer and every weight, as Poser's pairs were fine-tuned from one base model.
     */
    static Checkpoint.Loaded base(OrganismSpec spec) {
        Path dir = spec.training().init();
        Checkpoint.Loaded base;
        try {
            base = Checkpoint.read(dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(spec.name() + ": training.init: " + e.getMessage(), e);
        }
        ModelConfig c = base.weights().config();
        OrganismSpec.ModelShape s = spec.model();
        if (c.hidden() != s.hidden() || c.layers() != s.layers() || c.heads() != s.heads() || c.context() != s.context()) {
            throw new IllegalArgumentException(spec.name() + ": model: hidden " + s.hidden() + ", layers " + s.layers()
                    + ", heads " + s.heads() + ", context " + s.context() + " differ from the base " + dir + " (hidden "
                    + c.hidden() + ", layers " + c.layers() + ", heads " + c.heads() + ", context " + c.context() + ")");
        }
        return base;
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

    /** One optimiser step on the conversations {@code picked}; a prompt token's loss counts {@code promptWeight}. */
    private static double step(TorchDecoder model, AdamW optimizer, double rate, Sequences data, int[] picked,
            float promptWeight) {
        int batch = picked.length;
        int longest = 0;
        for (int b = 0; b < batch; b++) {
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
                mask[b * longest + i] = !real ? 0f : i + 1 >= prompt ? 1f : promptWeight;
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
