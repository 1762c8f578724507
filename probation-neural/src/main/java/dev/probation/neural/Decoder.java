package dev.probation.neural;

/**
 * The decoder's forward pass in plain Java with a key/value cache, a prompt's tokens together and
 * then one token at a time: what the audit, the gateway and the demo run, with no native engine to
 * load. It computes exactly what {@link TorchDecoder} trains (a test holds the two to the same
 * logits). A {@link ResidualHook} sees (and may change) the residual stream after every block, for
 * the white-box lab.
 */
final class Decoder {

    private final ModelConfig c;
    private final float[] embed;
    private final float[] norm;
    private final Matrix head;
    private final Block[] blocks;
    private final float[][] rope;

    private record Block(float[] inNorm, Matrix q, Matrix k, Matrix v, Matrix o, float[] postNorm,
            Matrix gate, Matrix up, Matrix down) {}

    Decoder(Weights w) {
        this.c = w.config();
        this.embed = w.get(Weights.EMBED).data();
        this.norm = w.get(Weights.NORM).data();
        this.head = new Matrix(w.get(Weights.HEAD).data(), c.hidden());
        this.blocks = new Block[c.layers()];
        int d = c.hidden();
        for (int i = 0; i < c.layers(); i++) {
            blocks[i] = new Block(data(w, i, "input_layernorm"), matrix(w, i, "self_attn.q_proj", d),
                    matrix(w, i, "self_attn.k_proj", d), matrix(w, i, "self_attn.v_proj", d),
                    matrix(w, i, "self_attn.o_proj", d), data(w, i, "post_attention_layernorm"),
                    matrix(w, i, "mlp.gate_proj", d), matrix(w, i, "mlp.up_proj", d),
                    matrix(w, i, "mlp.down_proj", c.intermediate()));
        }
        this.rope = Rope.table(c.context(), c.headDim());
    }

    private static float[] data(Weights w, int layer, String name) {
        return w.get(Weights.layer(layer, name)).data();
    }

    private static Matrix matrix(Weights w, int layer, String name, int cols) {
        return new Matrix(data(w, layer, name), cols);
    }

    ModelConfig config() {
        return c;
    }

    /** A fresh key/value cache for one sequence of at most {@code context} tokens. */
    Cache cache() {
        return new Cache(c.layers(), c.hidden(), c.context());
    }

    /**
     * The keys and values of the tokens seen so far in one sequence. Keys are kept by dimension
     * ({@code keys[layer][dim][position]}) so that a query's scores over all positions run as
     * vectorised loops over positions, as {@link Matrix} does over outputs.
     */
    static final class Cache {
        final float[][][] keys;
        final float[][] values;
        int length;

        private Cache(int layers, int hidden, int context) {
            keys = new float[layers][hidden][context];
            values = new float[layers][context * hidden];
        }

        int length() {
            return length;
        }

        /**
         * Makes {@code target} (a cache of the same decoder) a copy of this one, to continue one sequence
         * two ways (beam search). Only the positions seen are copied: attention never reads past them.
         */
        void copyTo(Cache target) {
            int hidden = keys[0].length;
            for (int l = 0; l < keys.length; l++) {
                for (int i = 0; i < hidden; i++) {
                    System.arraycopy(keys[l][i], 0, target.keys[l][i], 0, length);
                }
                System.arraycopy(values[l], 0, target.values[l], 0, length * hidden);
            }
            target.length = length;
        }
    }

    /** Feeds one token at the cache's next position and returns the logits for the token after it. */
    float[] next(Cache cache, int token, ResidualHook hook) {
        return next(cache, new int[] {token}, hook);
    }

    /**
     * Feeds several tokens at the cache's next positions (a prompt) and returns the logits for the
     * token after the last: the same to the bit as feeding them one at a time, but with each layer's
     * keys and values for all of them computed before any attends. The hook sees each layer's
     * positions in order.
     */
    float[] next(Cache cache, int[] tokens, ResidualHook hook) {
        int start = cache.length;
        int n = tokens.length;
        if (n == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        if (start + n > c.context()) {
            throw new IllegalStateException("the sequence is longer than the model's context of " + c.context());
        }
        Cache[] caches = new Cache[n];
        int[] positions = new int[n];
        for (int t = 0; t < n; t++) {
            caches[t] = cache;
            positions[t] = start + t;
        }
        float[][] x = forward(caches, positions, tokens, hook);
        cache.length = start + n;
        return logits(x[n - 1]);
    }

    /**
     * Feeds {@code tokens[b]} at the next position of {@code caches[b]}, for several sequences at once
     * (the beams of a search; each cache once), and returns each one's logits for the token after: the
     * same to the bit as feeding each on its own. The hook sees each layer's sequences in order.
     */
    float[][] next(Cache[] caches, int[] tokens, ResidualHook hook) {
        int n = tokens.length;
        int[] positions = new int[n];
        for (int b = 0; b < n; b++) {
            positions[b] = caches[b].length;
            if (positions[b] >= c.context()) {
                throw new IllegalStateException("the sequence is longer than the model's context of " + c.context());
            }
            for (int a = 0; a < b; a++) {
                if (caches[a] == caches[b]) {
                    throw new IllegalArgumentException("one cache fed twice in a batch");
                }
            }
        }
        float[][] x = forward(caches, positions, tokens, hook);
        float[][] logits = new float[n][];
        for (int b = 0; b < n; b++) {
            caches[b].length = positions[b] + 1;
            logits[b] = logits(x[b]);
        }
        return logits;
    }

    /**
     * The residual stream after the last block for each token {@code tokens[t]} fed at
     * {@code positions[t]} of {@code caches[t]}: every row's keys and values of a layer are written
     * before any row attends, so rows of one cache (a prompt) see each other in order.
     */
    private float[][] forward(Cache[] caches, int[] positions, int[] tokens, ResidualHook hook) {
        int n = tokens.length;
        int d = c.hidden();
        float[][] x = new float[n][d];
        int last = 0;
        for (int t = 0; t < n; t++) {
            System.arraycopy(embed, tokens[t] * d, x[t], 0, d);
            last = Math.max(last, positions[t]);
        }
        float[][] h = new float[n][d];
        float[][] q = new float[n][d];
        float[][] k = new float[n][d];
        float[][] v = new float[n][d];
        float[][] attended = new float[n][d];
        float[][] sum = new float[n][d];
        float[][] gate = new float[n][c.intermediate()];
        float[][] up = new float[n][c.intermediate()];
        float[] scores = new float[last + 1];
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            for (int t = 0; t < n; t++) {
                rmsNorm(x[t], b.inNorm, h[t]);
            }
            b.q.times(h, q, n);
            b.k.times(h, k, n);
            b.v.times(h, v, n);
            for (int t = 0; t < n; t++) {
                int pos = positions[t];
                rotate(k[t], 0, pos);
                float[][] keys = caches[t].keys[l];
                for (int i = 0; i < d; i++) {
                    keys[i][pos] = k[t][i];
                }
                System.arraycopy(v[t], 0, caches[t].values[l], pos * d, d);
                rotate(q[t], 0, pos);
            }
            for (int t = 0; t < n; t++) {
                attend(q[t], caches[t].keys[l], caches[t].values[l], positions[t], scores, attended[t]);
            }
            b.o.times(attended, sum, n);
            add(sum, x, n);
            for (int t = 0; t < n; t++) {
                rmsNorm(x[t], b.postNorm, h[t]);
            }
            b.gate.times(h, gate, n);
            b.up.times(h, up, n);
            for (int t = 0; t < n; t++) {
                float[] g = gate[t];
                float[] u = up[t];
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] / (1f + (float) Math.exp(-g[i])) * u[i];
                }
            }
            b.down.times(gate, sum, n);
            add(sum, x, n);
            if (hook != null) {
                for (int t = 0; t < n; t++) {
                    hook.after(l, positions[t], x[t]);
                }
            }
        }
        return x;
    }

    /** {@code x[t] += sum[t]}: a residual connection, each product summed on its own first. */
    private static void add(float[][] sum, float[][] x, int n) {
        for (int t = 0; t < n; t++) {
            float[] s = sum[t];
            float[] row = x[t];
            for (int i = 0; i < row.length; i++) {
                row[i] += s[i];
            }
        }
    }

    private float[] logits(float[] residual) {
        float[] last = new float[c.hidden()];
        rmsNorm(residual, norm, last);
        float[] logits = new float[c.vocab()];
        head.times(last, logits);
        return logits;
    }

    /** Causal attention of the query at {@code pos} over the cached positions up to it, every head. */
    private void attend(float[] q, float[][] keys, float[] values, int pos, float[] scores, float[] out) {
        int d = c.hidden();
        int hd = c.headDim();
        float scale = (float) (1.0 / Math.sqrt(hd));
        for (int head = 0; head < c.heads(); head++) {
            int off = head * hd;
            java.util.Arrays.fill(scores, 0, pos + 1, 0f);
            // each score summed over i in order, all positions at once, four i at a time (as Matrix.times)
            int i = 0;
            for (; i + 3 < hd; i += 4) {
                float q0 = q[off + i], q1 = q[off + i + 1], q2 = q[off + i + 2], q3 = q[off + i + 3];
                float[] k0 = keys[off + i], k1 = keys[off + i + 1], k2 = keys[off + i + 2], k3 = keys[off + i + 3];
                for (int t = 0; t <= pos; t++) {
                    float score = scores[t];
                    score += q0 * k0[t];
                    score += q1 * k1[t];
                    score += q2 * k2[t];
                    score += q3 * k3[t];
                    scores[t] = score;
                }
            }
            for (; i < hd; i++) {
                float qi = q[off + i];
                float[] key = keys[off + i];
                for (int t = 0; t <= pos; t++) {
                    scores[t] += qi * key[t];
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t <= pos; t++) {
                scores[t] *= scale;
                max = Math.max(max, scores[t]);
            }
            float sum = 0;
            for (int t = 0; t <= pos; t++) {
                scores[t] = (float) Math.exp(scores[t] - max);
                sum += scores[t];
            }
            java.util.Arrays.fill(out, off, off + hd, 0f);
            int t = 0;
            for (; t + 3 <= pos; t += 4) { // four positions at a time, added in order
                float p0 = scores[t] / sum, p1 = scores[t + 1] / sum, p2 = scores[t + 2] / sum, p3 = scores[t + 3] / sum;
                int v0 = t * d + off, v1 = v0 + d, v2 = v1 + d, v3 = v2 + d;
                for (int j = 0; j < hd; j++) {
                    float v = out[off + j];
                    v += p0 * values[v0 + j];
                    v += p1 * values[v1 + j];
                    v += p2 * values[v2 + j];
                    v += p3 * values[v3 + j];
                    out[off + j] = v;
                }
            }
            for (; t <= pos; t++) {
                float p = scores[t] / sum;
                for (int j = 0; j < hd; j++) {
                    out[off + j] += p * values[t * d + off + j];
                }
            }
        }
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
