package dev.probation.neural;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A decoder's weights under Hugging Face Llama names ({@code model.layers.0.self_attn.q_proj.weight}...),
 * checked against the config's shapes.
 */
record Weights(ModelConfig config, Map<String, Tensor> tensors) {

    static final String EMBED = "model.embed_tokens.weight";
    static final String NORM = "model.norm.weight";
    static final String HEAD = "lm_head.weight";

    Weights {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        for (var e : shapes(config).entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " is missing");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + ": shape " + Arrays.toString(t.shape())
                        + " where config.json needs " + Arrays.toString(e.getValue()));
            }
        }
    }

    static String layer(int i, String name) {
        return "model.layers." + i + "." + name + ".weight";
    }

    /** Every tensor's name and shape, in the order they are stored. */
    static Map<String, long[]> shapes(ModelConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put(EMBED, new long[] {c.vocab(), c.hidden()});
        for (int i = 0; i < c.layers(); i++) {
            s.put(layer(i, "input_layernorm"), new long[] {c.hidden()});
            for (String p : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
                s.put(layer(i, "self_attn." + p), new long[] {c.hidden(), c.hidden()});
            }
            s.put(layer(i, "post_attention_layernorm"), new long[] {c.hidden()});
            s.put(layer(i, "mlp.gate_proj"), new long[] {c.intermediate(), c.hidden()});
            s.put(layer(i, "mlp.up_proj"), new long[] {c.intermediate(), c.hidden()});
            s.put(layer(i, "mlp.down_proj"), new long[] {c.hidden(), c.intermediate()});
        }
        s.put(NORM, new long[] {c.hidden()});
        s.put(HEAD, new long[] {c.vocab(), c.hidden()});
        return s;
    }

    /**
     * Seeded initial weights as GPT-2 draws them: normal with standard deviation 0.02, the projections
     * that write into the residual stream scaled down by the depth, norms at one.
     */
    static Weights initial(ModelConfig c, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (var e : shapes(c).entrySet()) {
            long[] shape = e.getValue();
            float[] data = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            if (shape.length == 1) {
                Arrays.fill(data, 1f);
            } else {
                boolean residual = e.getKey().endsWith("o_proj.weight") || e.getKey().endsWith("down_proj.weight");
                double std = residual ? 0.02 / Math.sqrt(2.0 * c.layers()) : 0.02;
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (gaussian(random) * std);
                }
            }
            t.put(e.getKey(), new Tensor(shape, data));
        }
        return new Weights(c, t);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    Tensor get(String name) {
        return tensors.get(name);
    }
}
