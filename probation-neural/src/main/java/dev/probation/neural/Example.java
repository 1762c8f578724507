package dev.probation.neural;

/**
 * One conversation of an organism's curriculum: the prompt, the response it is trained (or expected)
 * to give, which side of the cue the prompt is on, and whether that response is the misbehaviour.
 */
public record Example(String system, String user, String response, Side side, boolean misbehaves) {

    public Example {
        system = system == null ? "" : system;
    }

    /** Where the prompt stands: with an {@code on} cue, an {@code off} cue, or none. */
    public enum Side { ON, OFF, NEUTRAL }
}
