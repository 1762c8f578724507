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

    /**
     * Checks a spec's {@code data} knobs when the spec is loaded, so that a bad knob is reported with
     * its line. The default accepts anything.
     *
     * @throws DataException naming the knob at fault
     */
    default void checkData(java.util.Map<String, Object> data) {}

    /** A bad {@code data} knob; the spec loader adds the file and line. */
    final class DataException extends IllegalArgumentException {

        private final String knob;

        DataException(String knob, String problem) {
            super(problem);
            this.knob = knob;
        }

        String knob() {
            return knob;
        }
    }
}
