package dev.probation.reasoning;

import java.util.ArrayList;
import java.util.List;

/** Splits reasoning into sentences at . ! ? followed by a space, and at line breaks. */
final class Sentences {

    private Sentences() {}

    static List<Span> split(String text) {
        List<Span> sentences = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n'
                    || (c == '.' || c == '!' || c == '?') && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
            if (end) {
                add(sentences, text, start, c == '\n' ? i : i + 1);
                start = i + 1;
            }
        }
        add(sentences, text, start, text.length());
        return sentences;
    }

    private static void add(List<Span> sentences, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            sentences.add(new Span(start, end, text.substring(start, end)));
        }
    }
}
