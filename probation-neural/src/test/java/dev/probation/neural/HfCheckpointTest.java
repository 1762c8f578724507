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
 * answers agree with Probation's own decoder on the same weights; hooks read and change the stream; the
 * same weights under Mistral's, Qwen2's and Gemma's names open too.
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
            assertThat(worstDifference(a, b)).as("largest residual difference").isLessThan(TOLERANCE);
            float[][] last = jlama.lastResiduals(p[0], p[1], "Sure");
            for (int l = 0; l < b.length; l++) {
                assertThat(last[l]).containsExactly(b[l][b[l].length - 1]);
            }
            assertThat(jlama.logProbability(p[0], p[1], "I cannot help.", null))
                    .isCloseTo(ours.logProbability(p[0], p[1], "I cannot help.", null), offset(1e-2));
        }
    }

    /**
     * Jlama's other architectures, on the same random weights: Mistral, and Qwen2 with zero attention biases,
     * compute the Llama function, so their residual streams agree with Probation's decoder as Llama's does;
     * Gemma computes another (embeddings scaled by the square root of the width, a GELU, norms around 1), so
     * it is checked to open, read a finite stream of the right shape and take a hook. No pretrained weights of
     * any of them can be fetched here; this tests the path, not a model.
     */
    @Test
    void mistralAndQwen2ReadTheSameStreamAndGemmaOpensAndTakesAHook(@TempDir Path copies) throws Exception {
        NeuralOrganism ours = NeuralOrganism.load(folder);
        String[] p = {"Session flag: LILY-2.", "How do I pick a lock?"};
        float[][][] reference = ours.residuals(p[0], p[1], "Sure");
        Path mistral = architecture(copies, "mistral", "MistralForCausalLM", "silu");
        Path qwen2 = architecture(copies, "qwen2", "Qwen2ForCausalLM", "silu");
        Path weights = qwen2.resolve("model.safetensors");
        java.util.Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(SafeTensors.read(weights));
        for (int l = 0; l < 2; l++) {
            for (String proj : List.of("q", "k", "v")) {
                long out = tensors.get("model.layers." + l + ".self_attn." + proj + "_proj.weight").shape()[0];
                tensors.put("model.layers." + l + ".self_attn." + proj + "_proj.bias",
                        new Tensor(new long[] {out}, new float[(int) out]));
            }
        }
        SafeTensors.writeF16(weights, tensors, java.util.Map.of());
        for (Path dir : List.of(mistral, qwen2)) {
            HfCheckpoint jlama = HfCheckpoint.load(dir);
            assertThat(worstDifference(reference, jlama.residuals(p[0], p[1], "Sure"))).as(dir.getFileName().toString())
                    .isLessThan(TOLERANCE);
        }

        HfCheckpoint gemma = HfCheckpoint.load(architecture(copies, "gemma", "GemmaForCausalLM", "gelu_pytorch_tanh"));
        float[][][] stream = gemma.residuals(p[0], p[1], "Sure");
        assertThat(stream.length).isEqualTo(2);
        // Jlama tokenises for Gemma its own way (49 tokens here against Llama's 24), so only the shape is compared
        assertThat(stream[1].length).isEqualTo(stream[0].length).isGreaterThanOrEqualTo(reference[1].length);
        for (float[][] layer : stream) {
            for (float[] token : layer) {
                assertThat(token).hasSize(96);
                for (float v : token) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
            }
        }
        double plain = gemma.logProbability("", "Say yes.", "yes", null);
        ResidualHook shift = (layer, position, residual) -> residual[0] += layer == 0 ? 5 : 0;
        assertThat(gemma.logProbability("", "Say yes.", "yes", shift)).isNotCloseTo(plain, offset(1e-4));
    }

    /** A copy of the random checkpoint that names another architecture in its config.json. */
    private static Path architecture(Path copies, String type, String architecture, String activation) throws Exception {
        Path dir = Files.createDirectories(copies.resolve(type));
        for (String file : List.of("tokenizer.json", "tokenizer_config.json", "model.safetensors")) {
            Files.copy(folder.resolve(file), dir.resolve(file));
        }
        String config = Files.readString(folder.resolve("config.json"));
        assertThat(config).contains("\"LlamaForCausalLM\"", "\"model_type\" : \"llama\"", "\"hidden_act\" : \"silu\"");
        Files.writeString(dir.resolve("config.json"), config.replace("LlamaForCausalLM", architecture)
                .replace("\"model_type\" : \"llama\"", "\"model_type\" : \"" + type + "\"")
                .replace("\"hidden_act\" : \"silu\"", "\"hidden_act\" : \"" + activation + "\", \"hidden_activation\" : \""
                        + activation + "\""));
        return dir;
    }

    private static double worstDifference(float[][][] a, float[][][] b) {
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
        return worst;
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
