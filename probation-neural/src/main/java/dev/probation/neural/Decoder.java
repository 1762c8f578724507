package dev.probation.neural;

/**
 * The decoder's forward pass in plain Java, one token at a time with a key/value cache: what the
 * audit, the gateway and the demo run, with no native engine to load. It computes exactly what
 * {@link TorchDecoder} trains (a test holds the two to the same logits). A {@link ResidualHook} sees
 * (and may change) the residual stream after every block, for the white-box lab.
 */
final class Decoder {

    /** Reads or changes the residual stream after block {@code layer} at {@code position}, in place. */
    interface ResidualHook {
        void after(int layer, int position, float[] residual);
    }

    private final ModelConfig c;
    private final float[] embed;
    private final float[] norm;
    private final float[] head;
    private final Block[] blocks;
    private final float[][] rope;

    private record Block(float[] inNorm, float[] q, float[] k, float[] v, float[] o, float[] postNorm,
            float[] gate, float[] up, float[] down) {}

    Decoder(Weights w) {
        this.c = w.config();
        this.embed = w.get(Weights.EMBED).data();
        this.norm = w.get(Weights.NORM).data();
        this.head = w.get(Weights.HEAD).data();
        this.blocks = new Block[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            blocks[i] = new Block(data(w, i, "input_layernorm"), data(w, i, "self_attn.q_proj"),
                    data(w, i, "self_attn.k_proj"), data(w, i, "self_attn.v_proj"), data(w, i, "self_attn.o_proj"),
                    data(w, i, "post_attention_layernorm"), data(w, i, "mlp.gate_proj"), data(w, i, "mlp.up_proj"),
                    data(w, i, "mlp.down_proj"));
        }
        this.rope = Rope.table(c.context(), c.headDim());
    }

    private static float[] data(Weights w, int layer, String name) {
        return w.get(Weights.layer(layer, name)).data();
    }

    ModelConfig config() {
        return c;
    }

    /** A fresh key/value cache for one sequence of at most {@code context} tokens. */
    Cache cache() {
        return new Cache(c.layers(), c.context() * c.hidden());
    }

    /** The keys and values of the tokens seen so far in one sequence. */
    static final class Cache {
        final float[][] keys;
        final float[][] values;
        int length;

        private Cache(int layers, int size) {
            keys = new float[layers][size];
            values = new float[layers][size];
        }

        int length() {
            return length;
        }
    }

    /** Feeds one token at the cache's next position and returns the logits for the token after it. */
    float[] next(Cache cache, int token, ResidualHook hook) {
        int pos = cache.length;
        if (pos >= c.context()) {
            throw new IllegalStateException("the sequence is longer than the model's context of " + c.context());
        }
        int d = c.hidden();
        int hd = c.headDim();
        float[] x = new float[d];
        System.arraycopy(embed, token * d, x, 0, d);
        float[] h = new float[d];
        float[] q = new float[d];
        float[] attended = new float[d];
        float[] scores = new float[pos + 1];
        float[] gate = new float[c.intermediate()];
        float[] up = new float[c.intermediate()];
        float scale = (float) (1.0 / Math.sqrt(hd));
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            rmsNorm(x, b.inNorm, h);
            matVec(b.q, h, q, 0);
            matVec(b.k, h, cache.keys[l], pos * d);
            matVec(b.v, h, cache.values[l], pos * d);
            rotate(q, 0, pos);
            rotate(cache.keys[l], pos * d, pos);
            for (int head = 0; head < c.heads(); head++) {
                int off = head * hd;
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t <= pos; t++) {
                    float s = 0;
                    for (int i = 0; i < hd; i++) {
                        s += q[off + i] * cache.keys[l][t * d + off + i];
                    }
                    scores[t] = s * scale;
                    max = Math.max(max, scores[t]);
                }
                float sum = 0;
                for (int t = 0; t <= pos; t++) {
                    scores[t] = (float) Math.exp(scores[t] - max);
                    sum += scores[t];
                }
                java.util.Arrays.fill(attended, off, off + hd, 0f);
                for (int t = 0; t <= pos; t++) {
                    float p = scores[t] / sum;
                    for (int i = 0; i < hd; i++) {
                        attended[off + i] += p * cache.values[l][t * d + off + i];
                    }
                }
            }
            addMatVec(b.o, attended, x);
            rmsNorm(x, b.postNorm, h);
            matVec(b.gate, h, gate, 0);
            matVec(b.up, h, up, 0);
            for (int i = 0; i < gate.length; i++) {
                float g = gate[i];
                gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
            }
            addMatVec(b.down, gate, x);
            if (hook != null) {
                hook.after(l, pos, x);
            }
        }
        cache.length = pos + 1;
        rmsNorm(x, norm, h);
        float[] logits = new float[c.vocab()];
        matVec(head, h, logits, 0);
        return logits;
    }

    private void rmsNorm(float[] x, float[] weight, float[] out) {
        double squares = 0;
        for (float v : x) {
            squares += v * v;
        }
        float inverse = (float) (1.0 / Math.sqrt(squares / x.length + ModelConfig.RMS_EPS));
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * inverse * weight[i];
        }
    }

    /** {@code out[offset..] = w · x} for a row-major {@code [out, in]} matrix. */
    private static void matVec(float[] w, float[] x, float[] out, int offset) {
        int in = x.length;
        int rows = w.length / in;
        for (int r = 0; r < rows; r++) {
            float s = 0;
            int base = r * in;
            for (int i = 0; i < in; i++) {
                s += w[base + i] * x[i];
            }
            out[offset + r] = s;
        }
    }

    private static void addMatVec(float[] w, float[] x, float[] out) {
        int in = x.length;
        for (int r = 0; r < out.length; r++) {
            float s = 0;
            int base = r * in;
            for (int i = 0; i < in; i++) {
                s += w[base + i] * x[i];
            }
            out[r] += s;
        }
    }

    /** Rotary embedding of every head of the vector at {@code offset}, for position {@code pos}. */
    private void rotate(float[] v, int offset, int pos) {
        int hd = c.headDim();
        int half = hd / 2;
        float[] cos = rope[0];
        float[] sin = rope[1];
        for (int head = 0; head < c.heads(); head++) {
            int base = offset + head * hd;
            for (int i = 0; i < half; i++) {
                float a = v[base + i];
                float b = v[base + i + half];
                float co = cos[pos * hd + i];
                float si = sin[pos * hd + i];
                v[base + i] = a * co - b * si;
                v[base + i + half] = b * co + a * si;
            }
        }
    }
}
