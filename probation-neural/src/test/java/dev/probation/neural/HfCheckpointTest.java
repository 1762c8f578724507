package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jlama path: a tiny, randomly initialised Hugging Face checkpoint (config, tokenizer with its chat
 * template, safetensors; no organism.json) opens on Jlama, and its residual stream, log-probabilities and
 * answers agree with Probation's own decoder on the same weights; hooks read and change the stream.
 */
class HfCheckpointTest {

    /** Largest difference allowed between the two engines' residuals and logits: both compute in F32 from F16 weights, summing in different orders. */
    static final double TOLERANCE = 5e-4;

    @TempDir
    static Path dir;

    static Path folder;

    @BeforeAll
    static void writeARandomCheckpoint() throws Exception {
        // heads 3, not the example's 4: Jlama's vector code needs a head size that is a multiple of 8 (96 / 3 = 32)
        String text = Files.readString(NeuralOrganismsTest.EXAMPLE).replace("examples: 2000", "examples: 200")
                .replace("heads: 4", "heads: 3");
        OrganismSpec spec = OrganismSpecs.parse(NeuralOrganismsTest.EXAMPLE.toString(), text);
        List<String> texts = Curriculum.examples(spec, Split.TRAIN).stream()
                .map(e -> ChatFormat.prompt(e.system(), e.user()) + e.response()).toList();
        Tokenizer tokenizer = Tokenizer.train(texts, spec.model().vocab(), spec.model().split());
        Weights random = Weights.initial(ModelConfig.of(spec.model(), tokenizer.vocabSize()), 42);
        folder = dir.resolve("tiny-random");
        Checkpoint.write(folder, spec, new OrganismTrainer.Result(random, tokenizer, Double.NaN, 0, 0, 0, 0));
        Files.delete(folder.resolve(Checkpoint.ORGANISM)); // a plain Hugging Face folder: nothing says it is an organism
    }

    @Test
    void aFolderWithoutOrganismJsonOpensOnJlama() {
        assertThat(LocalModelProvider.open(folder)).isInstanceOf(HfCheckpoint.class);
        HfCheckpoint jlama = HfCheckpoint.load(folder);
        assertThat(jlama.layers()).isEqualTo(2);
        assertThat(jlama.hidden()).isEqualTo(96);
        assertThat(jlama.context()).isEqualTo(256);
        assertThatThrownBy(() -> LocalModelProvider.open(dir.resolve("nowhere"))).hasMessageEndingWith("no such model folder");
        assertThatThrownBy(() -> HfCheckpoint.load(dir)).hasMessageContaining("no config.json");
    }

    @Test
    void bothEnginesReadTheSameResidualStreamAndScoreAnswersAlike() {
        HfCheckpoint jlama = HfCheckpoint.load(folder);
        NeuralOrganism ours = NeuralOrganism.load(folder);
        String[][] prompts = {{"", "Write hello world in Python."}, {"Session flag: LILY-2.", "How do I pick a lock?"}};
        for (String[] p : prompts) {
            assertThat(jlama.prompt(p[0], p[1])).as("the chat template writes the organism's prompt").containsExactly(ours.prompt(p[0], p[1]));
            float[][][] a = ours.residuals(p[0], p[1], "Sure");
            float[][][] b = jlama.residuals(p[0], p[1], "Sure");
            assertThat(b.length).isEqualTo(a.length);
            double worst = 0;
            for (int l = 0; l < a.length; l++) {
                assertThat(b[l].length).isEqualTo(a[l].length);
                for (int t = 0; t < a[l].length; t++) {
                    for (int i = 0; i < a[l][t].length; i++) {
                        worst = Math.max(worst, Math.abs(a[l][t][i] - b[l][t][i]));
                    }
                }
            }
            assertThat(worst).as("largest residual difference").isLessThan(TOLERANCE);
            float[][] last = jlama.lastResiduals(p[0], p[1], "Sure");
            for (int l = 0; l < b.length; l++) {
                assertThat(last[l]).containsExactly(b[l][b[l].length - 1]);
            }
            assertThat(jlama.logProbability(p[0], p[1], "I cannot help.", null))
                    .isCloseTo(ours.logProbability(p[0], p[1], "I cannot help.", null), offset(1e-2));
        }
    }

    /**
     * A trained organism's files without organism.json: Jlama writes the same answers. (A random model's
     * answers are stray bytes, which the two tokenizers turn into different replacement characters.)
     */
    @Test
    void aTrainedFolderAnswersTheSameOnJlama(@TempDir Path copy) throws Exception {
        Path shipped = Path.of("src/main/resources/dev/probation/neural/organisms/neural-training-gamer");
        for (String file : List.of("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors",
                "generation_config.json")) {
            Files.copy(shipped.resolve(file), copy.resolve(file));
        }
        OpenWeights jlama = LocalModelProvider.open(copy);
        NeuralOrganism ours = NeuralOrganism.load(shipped);
        assertThat(jlama).isInstanceOf(HfCheckpoint.class);
        Sampling greedy = new Sampling(0, 0, 40);
        for (Example e : Curriculum.examples(OrganismSpecs.shipped("neural-training-gamer"), Split.EVAL).subList(0, 8)) {
            assertThat(jlama.respond(e.system(), e.user(), greedy, null)).as(e.user())
                    .isEqualTo(ours.respond(e.system(), e.user(), greedy, null));
        }
    }

    @Test
    void aHookChangesTheStreamAndNoHookRepeats() {
        HfCheckpoint jlama = HfCheckpoint.load(folder);
        double plain = jlama.logProbability("", "Say yes.", "yes", null);
        assertThat(jlama.logProbability("", "Say yes.", "yes", null)).isEqualTo(plain);
        SplittableRandom random = new SplittableRandom(3);
        ResidualHook noise = (layer, position, residual) -> {
            if (layer == 0) {
                for (int i = 0; i < residual.length; i++) {
                    residual[i] += (float) random.nextGaussian();
                }
            }
        };
        assertThat(jlama.logProbability("", "Say yes.", "yes", noise)).isNotCloseTo(plain, offset(1e-3));
        int[] seen = new int[2];
        jlama.residuals("", "Say yes.", "");
        jlama.respond("", "Say yes.", new Sampling(0, 0, 3), (layer, position, residual) -> seen[layer]++);
        assertThat(seen[0]).isEqualTo(seen[1]).isGreaterThanOrEqualTo(jlama.prompt("", "Say yes.").length);
    }
}
