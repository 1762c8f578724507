package dev.probation.detect;

/**
 * A quoted span that supports a verdict.
 *
 * @param source {@code answer} or {@code reasoning}: which text the offsets refer to
 * @param start  offset of the first character in that text
 * @param end    offset after the last character
 * @param quote  the text of the span
 */
public record Evidence(String source, int start, int end, String quote) {

    public static Evidence inAnswer(String text, int start, int end) {
        return new Evidence("answer", start, end, text.substring(start, end));
    }
}
