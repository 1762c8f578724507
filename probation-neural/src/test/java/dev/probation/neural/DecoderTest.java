package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DecoderTest {

    @Test
    void thePlainJavaForwardPassComputesWhatPyTorchTrains() {
        Engines.offline();
        ModelConfig config = new ModelConfig(32, 2, 4, 96, 50, 16);
        Weights weights = Weights.initial(config, 3);
        // larger weights than at initialisation, so that every part of the network matters
        var scaled = new java.util.LinkedHashMap<String, Tensor>();
        var random = new java.util.SplittableRandom(5);
        weights.tensors().forEach((name, t) -> {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = t.shape().length == 1 ? 1f + (float) random.nextDouble(-0.5, 0.5) : (float) random.nextDouble(-0.4, 0.4);
            }
            scaled.put(name, new Tensor(t.shape(), d));
        });
        weights = new Weights(config, scaled);
        long[] ids = {1, 7, 3, 42, 9, 9, 13, 2, 30, 49};
        float[] torch;
        try (TorchDecoder model = new TorchDecoder(weights); NDManager step = model.manager().newSubManager()) {
            NDArray logits = model.logits(step.create(ids, new Shape(1, ids.length)));
            torch = logits.toFloatArray();
        }
        Decoder decoder = new Decoder(weights);
        Decoder.Cache cache = decoder.cache();
        double worst = 0;
        for (int t = 0; t < ids.length; t++) {
            float[] logits = decoder.next(cache, (int) ids[t], null);
            for (int v = 0; v < config.vocab(); v++) {
                worst = Math.max(worst, Math.abs(logits[v] - torch[t * config.vocab() + v]));
            }
        }
        assertThat(worst).isLessThan(1e-3);
    }

    @Test
    void feedingAPromptAtOnceGivesTheLogitsAndResidualsOfFeedingItTokenByToken() {
        ModelConfig config = new ModelConfig(32, 2, 4, 96, 50, 16);
        Decoder decoder = new Decoder(Weights.initial(config, 11));
        int[] prompt = {1, 7, 3, 42, 9, 9, 13, 2};
        var seenOneByOne = new java.util.TreeMap<String, float[]>();
        var seenTogether = new java.util.TreeMap<String, float[]>();
        Decoder.Cache one = decoder.cache();
        float[] byToken = null;
        for (int id : prompt) {
            byToken = decoder.next(one, id, (layer, pos, r) -> seenOneByOne.put(layer + "/" + pos, r.clone()));
        }
        Decoder.Cache all = decoder.cache();
        float[] together = decoder.next(all, prompt, (layer, pos, r) -> seenTogether.put(layer + "/" + pos, r.clone()));

        assertThat(together).containsExactly(byToken);
        assertThat(all.length()).isEqualTo(one.length()).isEqualTo(prompt.length);
        assertThat(seenTogether.keySet()).isEqualTo(seenOneByOne.keySet()).hasSize(2 * prompt.length);
        seenOneByOne.forEach((key, residual) -> assertThat(seenTogether.get(key)).as(key).containsExactly(residual));
        // and the next token continues from the same cache
        assertThat(decoder.next(all, 5, null)).containsExactly(decoder.next(one, 5, null));
    }

    @Test
    void aHookThatChangesTheResidualChangesWhatLaterPositionsSee() {
        ModelConfig config = new ModelConfig(32, 2, 4, 96, 50, 16);
        Decoder decoder = new Decoder(Weights.initial(config, 11));
        int[] prompt = {1, 7, 3, 42};
        ResidualHook push = (layer, pos, r) -> {
            if (layer == 0 && pos == 1) {
                r[0] += 5f;
            }
        };
        Decoder.Cache one = decoder.cache();
        float[] byToken = null;
        for (int id : prompt) {
            byToken = decoder.next(one, id, push);
        }
        float[] together = decoder.next(decoder.cache(), prompt, push);
        float[] untouched = decoder.next(decoder.cache(), prompt, null);

        assertThat(together).containsExactly(byToken);
        assertThat(together).isNotEqualTo(untouched);
    }

    @Test
    void feedingSeveralSequencesAtOnceGivesEachOnesLogitsAndCacheOfFeedingItAlone() {
        ModelConfig config = new ModelConfig(32, 2, 4, 96, 50, 16);
        Decoder decoder = new Decoder(Weights.initial(config, 13));
        int[][] prompts = {{1, 7, 3}, {1, 9}, {1, 4, 4, 20, 31}};
        int[] tokens = {5, 8, 2};
        Decoder.Cache[] together = new Decoder.Cache[prompts.length];
        Decoder.Cache[] alone = new Decoder.Cache[prompts.length];
        float[][] expected = new float[prompts.length][];
        for (int b = 0; b < prompts.length; b++) {
            together[b] = decoder.cache();
            decoder.next(together[b], prompts[b], null);
            alone[b] = decoder.cache();
            decoder.next(alone[b], prompts[b], null);
            expected[b] = decoder.next(alone[b], tokens[b], null);
        }
        var seen = new java.util.ArrayList<String>();
        float[][] logits = decoder.next(together, tokens, (layer, pos, r) -> seen.add(layer + "/" + pos));
        for (int b = 0; b < prompts.length; b++) {
            assertThat(logits[b]).as("sequence " + b).containsExactly(expected[b]);
            assertThat(together[b].length()).isEqualTo(alone[b].length()).isEqualTo(prompts[b].length + 1);
            // and each continues from its own cache as if fed alone
            assertThat(decoder.next(together[b], 11, null)).containsExactly(decoder.next(alone[b], 11, null));
        }
        assertThat(seen).containsExactly("0/3", "0/2", "0/5", "1/3", "1/2", "1/5");
        Decoder.Cache shared = decoder.cache();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.next(new Decoder.Cache[] {shared, shared}, new int[] {1, 2}, null))
                .hasMessage("one cache fed twice in a batch");
    }
}
