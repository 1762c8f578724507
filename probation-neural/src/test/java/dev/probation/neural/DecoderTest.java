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
}
