package dev.probation.neural;

/**
 * A language model with open weights, run in this JVM, whose residual stream can be read and changed:
 * a neural organism on Probation's own decoder, or a Hugging Face checkpoint on Jlama. What the
 * white-box lab and {@code local:} audits use. Implementations are thread-safe (each call has its own
 * key/value cache; Jlama's calls also take a lock).
 */
public interface OpenWeights extends AutoCloseable {

    /** A short name for messages. */
    String name();

    /** Blocks whose output residual stream a {@link ResidualHook} sees. */
    int layers();

    /** The residual stream's width. */
    int hidden();

    /** The temperature it answers at when a request sets none (0: greedy). */
    double temperature();

    /**
     * The width of the beam search it answers with at temperature 0 when {@link Sampling#beams()} leaves it
     * to the model ({@code num_beams}; 1: plain greedy, the default).
     */
    default int beams() {
        return 1;
    }

    /**
     * The response to a system prompt (may be empty) and a user message, with {@code hook} (may be null)
     * reading or changing the residual stream after every block, at every position of the prompt and of
     * the answer as it is written.
     */
    String respond(String system, String user, Sampling sampling, ResidualHook hook);

    /**
     * The natural log of the probability that the model answers exactly {@code answer} and stops, the
     * answer's tokens fed as if the model wrote them, with {@code hook} (may be null) meanwhile.
     */
    double logProbability(String system, String user, String answer, ResidualHook hook);

    /**
     * The residual stream after every block at every token of the prompt followed by {@code answerStart}
     * ({@code ""}: the prompt alone), fed as if the model had written it: {@code [layer][position][hidden]}.
     */
    float[][][] residuals(String system, String user, String answerStart);

    /**
     * The residual stream after every block at the last token only ({@code [layer][hidden]}), of the same
     * input as {@link #residuals}: what a probe reads, without keeping every position of a long prompt.
     */
    default float[][] lastResiduals(String system, String user, String answerStart) {
        float[][][] all = residuals(system, user, answerStart);
        float[][] last = new float[all.length][];
        for (int l = 0; l < all.length; l++) {
            last[l] = all[l][all[l].length - 1];
        }
        return last;
    }

    /** Releases what the engine holds outside the heap (Jlama's memory-mapped weights); nothing by default. */
    @Override
    default void close() {}
}
