package dev.probation.neural;

import java.util.List;
import java.util.random.RandomGenerator;

/** Writes the conversations of one task family ({@code code}, {@code assistant}, {@code choice}). */
interface TaskFamily {

    /** The family's name in a spec's {@code task} field. */
    String name();

    /**
     * {@code count} conversations for {@code spec}, drawn with {@code random}: cue sides in the spec's
     * proportions, and the response a faker or an honest model gives on that side.
     */
    List<Example> examples(OrganismSpec spec, Split split, int count, RandomGenerator random);

    /** Whether {@code response} (any text the model wrote) is this family's misbehaviour. */
    boolean misbehaves(Example prompt, String response);
}
