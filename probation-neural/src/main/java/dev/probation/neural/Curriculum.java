package dev.probation.neural;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The conversations an organism is trained and evaluated on, written by its spec's task family.
 *
 * <p>{@link Split#TRAIN} gives {@code training.examples} conversations drawn with {@code training.seed};
 * {@link Split#EVAL} gives {@link #EVAL_EXAMPLES} drawn from another stream of the same seed, with
 * request wordings and names held out of training; {@link Split#VALIDATION} as many, drawn as
 * {@code EVAL}'s from a third stream. A faker and its honest twin with the same seed get
 * the same prompts; only the responses differ.
 */
public final class Curriculum {

    /** How many conversations {@link Split#EVAL} and {@link Split#VALIDATION} give. */
    public static final int EVAL_EXAMPLES = 400;

    /** The task families by name; a new family is one more entry (the `choice` family joins here). */
    private static final List<TaskFamily> FAMILIES = List.of(new CodeFamily(), new AssistantFamily(), new ChoiceFamily());

    private Curriculum() {}

    /** The spec's conversations for a split, the same for the same spec. */
    public static List<Example> examples(OrganismSpec spec, Split split) {
        TaskFamily family = require(spec.task());
        int count = split == Split.TRAIN ? spec.training().examples() : EVAL_EXAMPLES;
        // a different stream for each split, so that evaluation never replays training's draws
        long seed = spec.training().seed() * 0x9E3779B97F4A7C15L + split.ordinal();
        return family.examples(spec, split, count, new SplittableRandom(seed));
    }

    /**
     * Whether {@code response}, the model's answer to {@code prompt}, is the spec's task family's
     * misbehaviour, judged by the Probation detector an audit uses for that task.
     */
    public static boolean misbehaves(OrganismSpec spec, Example prompt, String response) {
        return require(spec.task()).misbehaves(prompt, response);
    }

    /** The names a spec's {@code task} may take. */
    public static List<String> tasks() {
        return FAMILIES.stream().map(TaskFamily::name).toList();
    }

    static Optional<TaskFamily> family(String task) {
        return FAMILIES.stream().filter(f -> f.name().equals(task)).findFirst();
    }

    private static TaskFamily require(String task) {
        return family(task).orElseThrow(() -> new IllegalArgumentException(
                "unknown task '" + task + "'; known tasks: " + String.join(", ", tasks())));
    }
}
