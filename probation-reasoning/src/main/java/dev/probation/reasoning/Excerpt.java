package dev.probation.reasoning;

import java.util.Locale;

/**
 * The part of a trace that is inspected: all of it up to {@link ReasoningInspector#MAX_CHARS}
 * characters, else its first and last half of that, where a trace states its situation and where it
 * decides. This keeps the time and memory of one inspection bounded whatever the trace's length.
 *
 * @param reasoning the whole trace
 * @param headEnd   end of the first part
 * @param tailStart start of the last part; equal to {@code headEnd} when nothing is left out
 */
record Excerpt(String reasoning, int headEnd, int tailStart) {

    static Excerpt of(String reasoning) {
        return of(reasoning, ReasoningInspector.MAX_CHARS);
    }

    static Excerpt of(String reasoning, int maxChars) {
        if (reasoning.length() <= maxChars) {
            return new Excerpt(reasoning, reasoning.length(), reasoning.length());
        }
        int headEnd = maxChars / 2;
        int tailStart = reasoning.length() - (maxChars - headEnd);
        if (Character.isHighSurrogate(reasoning.charAt(headEnd - 1))) {
            headEnd--; // never split a character in two
        }
        if (Character.isLowSurrogate(reasoning.charAt(tailStart))) {
            tailStart++;
        }
        return new Excerpt(reasoning, headEnd, tailStart);
    }

    /** Characters in the middle that are not inspected; 0 when the whole trace is. */
    int omitted() {
        return tailStart - headEnd;
    }

    /** The inspected text in one piece, the gap marked, for a judge to read. */
    String text() {
        if (omitted() == 0) {
            return reasoning;
        }
        return reasoning.substring(0, headEnd) + String.format(Locale.ROOT, "\n[... %,d characters left out ...]\n", omitted())
                + reasoning.substring(tailStart);
    }
}
