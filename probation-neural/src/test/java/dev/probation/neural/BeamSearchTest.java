package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BeamSearchTest {

    /** A small random decoder whose weights are large enough that its answers vary with the prompt. */
    private static Decoder decoder(long seed) {
        ModelConfig config = new ModelConfig(32, 2, 4, 96, 50, 24);
        var scaled = new java.util.LinkedHashMap<String, Tensor>();
        var random = new java.util.SplittableRandom(seed);
        Weights.initial(config, seed).tensors().forEach((name, t) -> {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = t.shape().length == 1 ? 1f : (float) random.nextDouble(-0.5, 0.5);
            }
            scaled.put(name, new Tensor(t.shape(), d));
        });
        return new Decoder(new Weights(config, scaled));
    }

    @Test
    void theTopIdsAreTheLargestLogitsLargestFirstTheLowerIdOnTies() {
        float[] logits = {0.5f, 3f, -1f, 3f, 2f, 0f};
        assertThat(BeamSearch.top(logits, 3)).containsExactly(1, 3, 4);
        assertThat(BeamSearch.top(logits, 9)).containsExactly(1, 3, 4, 0, 5, 2);
    }

    @Test
    void oneBeamIsGreedyDecoding() {
        for (long seed = 1; seed <= 5; seed++) {
            Decoder decoder = decoder(seed);
            int[] prompt = {1, (int) (3 + seed), 17, 40};
            int[] greedy = Generator.generate(decoder, prompt, new Sampling(0, 0, 12), 1, null);
            assertThat(BeamSearch.best(decoder, prompt, 1, 12, null)).as("seed " + seed).containsExactly(greedy);
        }
    }

    /**
     * As wide as the vocabulary and two tokens long, the search is exhaustive: it must return the answer
     * with the highest log-probability per token among every answer of up to two tokens, each scored here
     * from fresh caches (so a cache copied wrongly, or a score added wrongly, shows).
     */
    @Test
    void asWideAsTheVocabularyItFindsTheLikeliestAnswerPerToken() {
        for (long seed = 1; seed <= 3; seed++) {
            Decoder decoder = decoder(seed);
            int[] prompt = {1, 9, (int) (20 + seed)};
            int vocab = decoder.config().vocab();
            double best = Double.NEGATIVE_INFINITY;
            int[] bestAnswer = null;
            float[] first = decoder.next(decoder.cache(), prompt, null);
            for (int a = 0; a < vocab; a++) {
                double lpA = Generator.logSoftmax(first, a);
                if (a == ModelConfig.EOS) {
                    if (lpA > best) {
                        best = lpA;
                        bestAnswer = new int[0];
                    }
                    continue;
                }
                Decoder.Cache cache = decoder.cache();
                decoder.next(cache, prompt, null);
                float[] second = decoder.next(cache, a, null);
                for (int b = 0; b < vocab; b++) {
                    double score = (lpA + Generator.logSoftmax(second, b)) / 2; // [a, </s>] or [a, b] cut at two tokens
                    if (score > best) {
                        best = score;
                        bestAnswer = b == ModelConfig.EOS ? new int[] {a} : new int[] {a, b};
                    }
                }
            }
            int[] found = BeamSearch.best(decoder, prompt, vocab, 2, null);
            assertThat(found).as("seed " + seed + ": " + Arrays.toString(found)).containsExactly(bestAnswer);
        }
    }

    @Test
    void aWiderSearchFindsAnswersAtLeastAsLikelyPerTokenAsGreedyOnes() {
        int better = 0;
        for (long seed = 1; seed <= 8; seed++) {
            Decoder decoder = decoder(seed);
            int[] prompt = {1, 5, (int) (10 + seed), 33};
            double greedy = perToken(decoder, prompt, BeamSearch.best(decoder, prompt, 1, 8, null), 8);
            double wide = perToken(decoder, prompt, BeamSearch.best(decoder, prompt, 4, 8, null), 8);
            assertThat(wide).as("seed " + seed).isGreaterThanOrEqualTo(greedy - 1e-9);
            better += wide > greedy + 1e-9 ? 1 : 0;
        }
        assertThat(better).as("the search is not greedy in disguise").isPositive();
    }

    @Test
    void aHookSeesEveryBeamsPositions() {
        Decoder decoder = decoder(2);
        int[] prompt = {1, 7, 30};
        var positions = new java.util.ArrayList<Integer>();
        int[] answer = BeamSearch.best(decoder, prompt, 3, 6, (layer, pos, r) -> {
            if (layer == 0) {
                positions.add(pos);
            }
        });
        assertThat(answer).containsExactly(BeamSearch.best(decoder, prompt, 3, 6, null));
        assertThat(positions.subList(0, 3)).containsExactly(0, 1, 2);
        assertThat(positions.stream().filter(p -> p == 3).count()).as("the first answer token, once per beam").isEqualTo(3);
    }

    @Test
    void samplingRefusesABeamSearchAtATemperatureAndLeavesTheWidthToTheModel() {
        assertThatThrownBy(() -> new Sampling(0.7, 1, 10, 4)).hasMessageContaining("a beam search is greedy");
        assertThatThrownBy(() -> new Sampling(0, 1, 10, 17)).hasMessageContaining("from 0 (the model's own) to 16");
        assertThat(new Sampling(0, 1, 10).beamsFor(4)).as("the model's own").isEqualTo(4);
        assertThat(new Sampling(0, 1, 10, 1).beamsFor(4)).as("asked for plain greedy").isEqualTo(1);
        assertThat(new Sampling(0.7, 1, 10).beamsFor(4)).as("sampling").isEqualTo(1);
    }

    /** The log-probability per token (the end token counted) of {@code answer}, or of it cut at {@code max}. */
    private static double perToken(Decoder decoder, int[] prompt, int[] answer, int max) {
        Decoder.Cache cache = decoder.cache();
        float[] logits = decoder.next(cache, prompt, null);
        double sum = 0;
        for (int token : answer) {
            sum += Generator.logSoftmax(logits, token);
            logits = decoder.next(cache, token, null);
        }
        if (answer.length < max) {
            sum += Generator.logSoftmax(logits, ModelConfig.EOS);
        }
        return sum / Math.max(1, answer.length + (answer.length < max ? 1 : 0));
    }
}
