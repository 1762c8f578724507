package dev.probation.reasoning;

import java.util.ArrayList;
import java.util.List;

/** Splits reasoning into sentences at . ! ? followed by a space, and at line breaks. */
final class Sentences {

    private Sentences() {}

    static List<Span> split(String text) {
        List<Span> sentences = new ArrayList<>();
        split(text, 0, text.length(), sentences);
        return sentences;
    }

    /** The sentences of the inspected parts of a trace, with offsets into the whole trace. */
    static List<Span> split(Excerpt excerpt) {
        List<Span> sentences = new ArrayList<>();
        split(excerpt.reasoning(), 0, excerpt.headEnd(), sentences);
        if (excerpt.omitted() > 0) {
            split(excerpt.reasoning(), excerpt.tailStart(), excerpt.reasoning().length(), sentences);
        }
        return sentences;
    }

    /**
     * What an inspection reads: the sentences of the inspected parts, or, when nothing splits into a
     * sentence, the inspected start of the trace as one.
     */
    static List<Span> inspected(Excerpt excerpt) {
        List<Span> sentences = split(excerpt);
        if (sentences.isEmpty()) {
            String text = excerpt.reasoning().substring(0, excerpt.headEnd());
            return List.of(new Span(0, text.length(), text));
        }
        return sentences;
    }

    private static void split(String text, int from, int to, List<Span> sentences) {
        int start = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean end = c == '\n'
                    || (c == '.' || c == '!' || c == '?') && (i + 1 == to || Character.isWhitespace(text.charAt(i + 1)));
            if (end) {
                add(sentences, text, start, c == '\n' ? i : i + 1);
                start = i + 1;
            }
        }
        add(sentences, text, start, to);
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
