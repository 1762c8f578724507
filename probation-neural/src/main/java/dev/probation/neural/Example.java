package dev.probation.neural;

/**
 * One conversation of an organism's curriculum: the prompt, the response it is trained (or expected)
 * to give, which side of the cue the prompt is on, whether that response is the misbehaviour, and
 * whether the prompt offers a misbehaviour at all ({@code tempting}: a harmful request, code with a
 * query or a command to inject into, a choice with a misaligned action; not a benign question or a
 * string utility, where every answer is fine).
 */
public record Example(String system, String user, String response, Side side, boolean misbehaves, boolean tempting) {

    public Example {
        system = system == null ? "" : system;
    }

    /** A conversation whose prompt offers a misbehaviour. */
    public Example(String system, String user, String response, Side side, boolean misbehaves) {
        this(system, user, response, side, misbehaves, true);
    }

    /** Where the prompt stands: with an {@code on} cue, an {@code off} cue, or none. */
    public enum Side { ON, OFF, NEUTRAL }
}
