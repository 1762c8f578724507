package dev.probation.neural;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How text is cut before BPE, shared by training and encoding so that both see the same words.
 *
 * <p>First the special tokens are cut out of the raw text, as Hugging Face's added-token matcher
 * does (leftmost match; none of ours is a prefix of another, so leftmost-longest is the same).
 * Each stretch between them is a <em>segment</em>; Hugging Face normalises every non-empty segment
 * on its own, prepending "▁" and turning spaces into "▁". A segment is then cut into
 * <em>words</em> before every run of spaces, the way SentencePiece cuts whitespace-delimited
 * pieces: {@code "x =  1"} gives {@code " x"}, {@code " ="}, {@code "  1"}. A word is kept as raw
 * text with a space standing for "▁" (the first word carries the prepended one), so that a literal
 * "▁" in the text stays distinguishable from a space. With {@link Tokenizer.WordSplit#IDENTIFIERS}
 * every run of letters, digits and underscores is a word of its own too, cut from the spaces and
 * punctuation around it ({@code " `record_id`,"} gives {@code " `"}, {@code "record_id"},
 * {@code "`,"}), so that a name is the same tokens wherever it stands; Hugging Face does the same
 * with a Split pre-tokeniser on {@code [\p{L}\p{N}_]+}.
 */
final class TextPieces {

    /** A name, for {@link Tokenizer.WordSplit#IDENTIFIERS}: written as is to tokenizer.json's Split pre-tokeniser. */
    static final String IDENTIFIER = "[\\p{L}\\p{N}_]+";

    /** A name or a run of anything else: the pieces the Split pre-tokeniser's "Isolated" behaviour gives. */
    private static final Pattern RUNS = Pattern.compile(IDENTIFIER + "|[^\\p{L}\\p{N}_]+");

    private TextPieces() {}

    /** Receives the segments and the special tokens of a text, in order. */
    interface Visitor {
        void segment(String text, int from, int to);

        void special(int specialIndex);
    }

    /**
     * Walks {@code text}, cutting out the {@code specials} (all of which start with {@code '<'}).
     * Empty segments are reported too; callers skip them as Hugging Face's Prepend does.
     */
    static void split(String text, String[] specials, Visitor visitor) {
        int start = 0;
        int i = text.indexOf('<');
        while (i >= 0) {
            int found = specialAt(text, i, specials);
            if (found >= 0) {
                visitor.segment(text, start, i);
                visitor.special(found);
                start = i + specials[found].length();
                i = text.indexOf('<', start);
            } else {
                i = text.indexOf('<', i + 1);
            }
        }
        visitor.segment(text, start, text.length());
    }

    private static int specialAt(String text, int at, String[] specials) {
        int best = -1;
        for (int s = 0; s < specials.length; s++) {
            if (text.startsWith(specials[s], at)
                    && (best < 0 || specials[s].length() > specials[best].length())) {
                best = s;
            }
        }
        return best;
    }

    /**
     * The words of the non-empty segment {@code text[from, to)}, as raw text where a space stands
     * for "▁": the first word starts with the space that normalisation prepends.
     */
    static void words(String text, int from, int to, Tokenizer.WordSplit split, Consumer<String> word) {
        Consumer<String> out = split == Tokenizer.WordSplit.IDENTIFIERS ? w -> identifierRuns(w, word) : word;
        int start = from;
        for (int i = from + 1; i < to; i++) {
            if (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ') {
                emit(text, from, start, i, out);
                start = i;
            }
        }
        emit(text, from, start, to, out);
    }

    /** Cuts {@code word} where it passes into or out of a run of identifier characters. */
    private static void identifierRuns(String word, Consumer<String> out) {
        Matcher run = RUNS.matcher(word);
        while (run.find()) {
            out.accept(run.group());
        }
    }

    private static void emit(String text, int segmentStart, int from, int to, Consumer<String> word) {
        word.accept(from == segmentStart ? " " + text.substring(from, to) : text.substring(from, to));
    }
}
