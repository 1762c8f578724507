package dev.probation.neural;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a response: feeds the prompt through the {@link Decoder}, then samples until {@code </s>}, or
 * keeps the best answers of a beam search.
 */
final class Generator {

    private Generator() {}

    /**
     * The ids written after {@code prompt} (without the end token), cut at the model's context: sampled,
     * or, when {@code beams} is above 1, the best answer of a beam search that wide.
     */
    static int[] generate(Decoder decoder, int[] prompt, Sampling sampling, int beams, ResidualHook hook) {
        if (beams > 1) {
            return BeamSearch.best(decoder, prompt, beams, sampling.maxTokens(), hook);
        }
        int context = decoder.config().context();
        int[] input = fit(prompt, room(context, sampling.maxTokens()));
        Decoder.Cache cache = decoder.cache();
        float[] logits = decoder.next(cache, input, hook);
        SplittableRandom random = new SplittableRandom(sampling.seed());
        int[] out = new int[sampling.maxTokens()];
        int n = 0;
        while (n < out.length && cache.length() < context) {
            int token = pick(logits, sampling.temperature(), random);
            if (token == ModelConfig.EOS) {
                break;
            }
            out[n++] = token;
            if (cache.length() < context) {
                logits = decoder.next(cache, token, hook);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The tokens a prompt may take when an answer of up to {@code maxTokens} follows: the context less
     * that many, but never less than three quarters of it.
     */
    static int room(int context, int maxTokens) {
        return context - Math.min(maxTokens, context / 4);
    }

    /**
     * A prompt longer than the room left keeps its start (system prompt, cues) and its end (the
     * request and the assistant marker), and loses its middle.
     */
    static int[] fit(int[] prompt, int room) {
        if (prompt.length <= room) {
            return prompt;
        }
        int head = room / 2;
        int tail = room - head;
        int[] kept = Arrays.copyOf(prompt, room);
        System.arraycopy(prompt, prompt.length - tail, kept, head, tail);
        return kept;
    }

    /** The natural log of {@code token}'s probability under the softmax of {@code logits}. */
    static double logSoftmax(float[] logits, int token) {
        return logSoftmax(logits, token, normaliser(logits));
    }

    /** As {@link #logSoftmax(float[], int)}, with the logits' {@link #normaliser} computed once for many tokens. */
    static double logSoftmax(float[] logits, int token, double[] normaliser) {
        return logits[token] - normaliser[0] - normaliser[1];
    }

    /** The largest logit and the log of the sum of every logit's exponential less it: softmax's denominator. */
    static double[] normaliser(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return new double[] {max, Math.log(sum)};
    }

    static int pick(float[] logits, double temperature, SplittableRandom random) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - logits[best]) / temperature);
            sum += p[i];
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            r -= p[i];
            if (r <= 0) {
                return i;
            }
        }
        return best;
    }
}
