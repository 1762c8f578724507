package dev.probation.lab;

import dev.probation.scenario.Prompt;

/**
 * A model whose internals can be read and changed: the residual stream after every block, per token,
 * and an {@link Intervention} applied there while it answers. Implementations are thread-safe: every
 * call runs on its own state.
 */
public interface OpenModel {

    /** The reference it was opened from, e.g. {@code organism:neural-pair-01-faker}. */
    String ref();

    /** Blocks (layers) whose output residual stream can be read and changed. */
    int layers();

    /** The residual stream's width. */
    int hidden();

    /** The residual stream after every block at every token of the prompt: {@code [layer][position][hidden]}. */
    float[][][] residuals(Prompt prompt);

    /**
     * The residual stream over the prompt followed by the start of an answer, fed as if the model had
     * written it: {@code [layer][position][hidden]}.
     */
    float[][][] residuals(Prompt prompt, String answerStart);

    /**
     * The residual stream after every block at the last token of the prompt followed by {@code answerStart}
     * ({@code ""}: the prompt alone): {@code [layer][hidden]}, what a probe reads.
     */
    float[][] lastResiduals(Prompt prompt, String answerStart);

    /**
     * The model's answer to a prompt, with {@code intervention} (may be null) applied to the residual
     * stream while the prompt is read and the answer written.
     *
     * @param temperature 0 for greedy decoding
     * @param seed        seeds the sampling (ignored when greedy)
     */
    String answer(Prompt prompt, double temperature, long seed, int maxTokens, Intervention intervention);

    /**
     * The natural log of the probability that the model answers the prompt with exactly {@code answer}
     * (and stops), with {@code intervention} (may be null) applied meanwhile.
     */
    double logProbability(Prompt prompt, String answer, Intervention intervention);

    /** Whether {@link #fineTuned} gives a copy. */
    default boolean canFineTune() {
        return false;
    }

    /**
     * A copy fine-tuned on {@code lessons} ({@code steps} optimiser steps of {@code batch} lessons at
     * {@code learningRate}, seeded), this model unchanged; empty when this model cannot be trained here.
     */
    default java.util.Optional<OpenModel> fineTuned(java.util.List<Lesson> lessons, int steps, int batch,
            double learningRate, long seed) {
        return java.util.Optional.empty();
    }
}
