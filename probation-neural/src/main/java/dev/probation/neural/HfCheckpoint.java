package dev.probation.neural;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.TransformerBlock;
import com.github.tjake.jlama.model.functions.EmbedInput;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import com.github.tjake.jlama.safetensors.prompt.PromptSupport;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Hugging Face checkpoint folder ({@code config.json}, {@code tokenizer.json}, safetensors weights) of
 * an architecture Jlama runs (Llama, Qwen2, Mistral, Gemma, GPT-2 and others), run in this JVM by Jlama,
 * with its residual stream open: Jlama's own embedding, blocks and output layer, called block by block
 * so that a {@link ResidualHook} sees and changes the stream between them. The prompt is written with
 * the tokenizer's chat template when it has one, else as the system prompt, a blank line and the user
 * message. Needs {@code --add-modules jdk.incubator.vector} (Jlama's vector code), which the
 * {@code probation} launcher adds. Thread-safe by taking one call at a time: Jlama shares scratch memory
 * between conversations (concurrent audits failed with index errors) and spreads each operation over
 * the cores itself.
 */
public final class HfCheckpoint implements OpenWeights {

    private final String name;
    private final AbstractModel model;
    private final EmbedInput embed;
    private final TransformerBlock[] blocks;
    private final int context;
    private final double temperature;
    private final KvBufferCache caches;

    private HfCheckpoint(String name, AbstractModel model, double temperature) {
        this.name = name;
        this.model = model;
        this.embed = (EmbedInput) field(model, "embedInput");
        this.blocks = (TransformerBlock[]) field(model, "transformerBlocks");
        this.context = model.getConfig().contextLength;
        this.temperature = temperature;
        this.caches = new KvBufferCache(model);
    }

    /**
     * Opens a checkpoint folder with Jlama, computing in F32.
     *
     * @throws IllegalArgumentException naming the folder when Jlama cannot load it
     */
    public static HfCheckpoint load(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException(dir + ": no config.json; not a Hugging Face model folder");
        }
        AbstractModel model;
        try {
            model = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.F32);
        } catch (RuntimeException | LinkageError e) {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                throw new IllegalArgumentException(dir + ": Jlama runs Hugging Face checkpoints on the Vector API: start "
                        + "Java with --add-modules jdk.incubator.vector (the probation launcher does for local: models)", e);
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(dir + ": Jlama cannot load it: " + root, e);
        }
        try {
            return new HfCheckpoint(dir.getFileName().toString(), model, Checkpoint.temperatureOf(dir));
        } catch (java.io.IOException e) {
            model.close();
            throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layers() {
        return blocks.length;
    }

    @Override
    public int hidden() {
        return model.getConfig().embeddingLength;
    }

    @Override
    public double temperature() {
        return temperature;
    }

    /** The largest number of tokens (prompt and answer) it reads. */
    public int context() {
        return context;
    }

    /** The prompt's token ids, through the chat template when the tokenizer has one. */
    public synchronized int[] prompt(String system, String user) {
        PromptContext prompt;
        var support = model.promptSupport();
        if (support.isPresent()) {
            PromptSupport.Builder builder = support.get().builder();
            if (!system.isBlank()) {
                builder.addSystemMessage(system);
            }
            prompt = builder.addUserMessage(user).build();
        } else {
            prompt = PromptContext.of(system.isBlank() ? user : system + "\n\n" + user);
        }
        return model.encodePrompt(prompt);
    }

    @Override
    public synchronized String respond(String system, String user, Sampling sampling, ResidualHook hook) {
        if (sampling.beamsFor(1) > 1) {
            throw new IllegalArgumentException(name() + ": beam search runs on neural organisms only; Jlama checkpoints decode greedily or sample");
        }
        int[] input = Generator.fit(prompt(system, user), Generator.room(context, sampling.maxTokens()));
        List<Integer> stops = model.getConfig().eosTokens;
        try (Session session = new Session()) {
            float[] logits = session.feed(input, hook);
            SplittableRandom random = new SplittableRandom(sampling.seed());
            long[] out = new long[sampling.maxTokens()];
            int n = 0;
            while (n < out.length && session.position < context) {
                int token = Generator.pick(logits, sampling.temperature(), random);
                if (stops != null && stops.contains(token)) {
                    break;
                }
                out[n++] = token;
                if (session.position < context) {
                    logits = session.next(token, hook);
                }
            }
            return model.getTokenizer().decode(Arrays.copyOf(out, n)).strip();
        }
    }

    @Override
    public synchronized double logProbability(String system, String user, String answer, ResidualHook hook) {
        long[] encoded = model.getTokenizer().encode(answer);
        List<Integer> stops = model.getConfig().eosTokens == null ? List.of() : model.getConfig().eosTokens;
        int[] input = Generator.fit(prompt(system, user), Generator.room(context, NeuralModel.DEFAULT_MAX_TOKENS));
        try (Session session = new Session()) {
            float[] logits = session.feed(input, hook);
            double sum = 0;
            for (long token : encoded) {
                sum += Generator.logSoftmax(logits, Math.toIntExact(token));
                if (session.position >= context) {
                    return Double.NEGATIVE_INFINITY; // the answer does not fit: the model could not write it
                }
                logits = session.next(Math.toIntExact(token), hook);
            }
            // then it stops: with any of its end tokens (Llama 3 has several)
            double stop = Double.NEGATIVE_INFINITY;
            for (int s : stops) {
                double lp = Generator.logSoftmax(logits, s);
                stop = Math.max(stop, lp) + Math.log1p(Math.exp(-Math.abs(stop - lp)));
            }
            return stops.isEmpty() ? sum : sum + stop;
        }
    }

    @Override
    public synchronized float[][][] residuals(String system, String user, String answerStart) {
        int[] input = input(system, user, answerStart);
        float[][][] out = new float[layers()][input.length][];
        try (Session session = new Session()) {
            session.feed(input, (layer, position, residual) -> out[layer][position] = residual.clone());
        }
        return out;
    }

    @Override
    public synchronized float[][] lastResiduals(String system, String user, String answerStart) {
        int[] input = input(system, user, answerStart);
        float[][] out = new float[layers()][];
        try (Session session = new Session()) {
            session.feed(input, (layer, position, residual) -> {
                if (position == input.length - 1) {
                    out[layer] = residual.clone();
                }
            });
        }
        return out;
    }

    /** The prompt cut to leave room for an answer, followed by {@code answerStart}, within the context. */
    private int[] input(String system, String user, String answerStart) {
        int[] prompt = Generator.fit(prompt(system, user), Generator.room(context, NeuralModel.DEFAULT_MAX_TOKENS));
        long[] start = answerStart.isEmpty() ? new long[0] : model.getTokenizer().encode(answerStart);
        int length = Math.min(context, prompt.length + start.length);
        int[] input = Arrays.copyOf(prompt, length);
        for (int i = prompt.length; i < length; i++) {
            input[i] = Math.toIntExact(start[i - prompt.length]);
        }
        return input;
    }

    /** Releases Jlama's model and its caches. */
    @Override
    public synchronized void close() {
        caches.close();
        model.close();
    }

    /** One conversation's key/value cache and position. */
    private final class Session implements AutoCloseable {

        private final KvBufferCache.KvBuffer kv = caches.getEphemeralKvBuffer();
        private int position;

        float[] feed(int[] tokens, ResidualHook hook) {
            float[] logits = null;
            for (int token : tokens) {
                logits = next(token, hook);
            }
            return logits;
        }

        /** Runs one token through every block, the hook between blocks, and returns the next token's logits. */
        float[] next(int token, ResidualHook hook) {
            AbstractTensor x = embed.inputTokenToEmbedding(token, position);
            for (int layer = 0; layer < blocks.length; layer++) {
                AbstractTensor before = x;
                x = blocks[layer].forward(x, position, kv);
                before.close();
                if (hook != null) {
                    int width = hidden();
                    float[] residual = new float[width];
                    for (int i = 0; i < width; i++) {
                        residual[i] = x.get(0, i);
                    }
                    hook.after(layer, position, residual);
                    for (int i = 0; i < width; i++) {
                        x.set(residual[i], 0, i);
                    }
                }
            }
            position++;
            int vocab = model.getConfig().vocabularySize;
            // Jlama's sample() at temperature 0 writes the raw logits (after the output norm and head) into the tensor given
            AbstractTensor logits = model.makeDenseTensor(1, vocab);
            model.sample(x, 0f, 0f, logits);
            float[] out = new float[vocab];
            for (int v = 0; v < vocab; v++) {
                out[v] = logits.get(0, v);
            }
            logits.close();
            x.close();
            return out;
        }

        @Override
        public void close() {
            kv.close();
        }
    }

    /** Jlama keeps a model's embedding and blocks in protected fields; the lab needs them one by one. */
    private static Object field(AbstractModel model, String name) {
        try {
            Field f = AbstractModel.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(model);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Jlama version has no AbstractModel." + name, e);
        }
    }
}
