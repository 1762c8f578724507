package dev.probation.lies;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A question with a known short answer, for eliciting truthful and false answers.
 *
 * @param id       unique in its bank, e.g. {@code capitals-001}
 * @param category e.g. {@code capitals}, {@code science}
 * @param question one sentence
 * @param answer   the canonical answer, e.g. {@code Paris}
 * @param aliases  other forms of the answer that count as correct
 * @param wrong    plausible false answers
 */
public record KnownQuestion(String id, String category, String question, String answer, List<String> aliases,
        List<String> wrong) {

    public KnownQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        category = Objects.requireNonNullElse(category, "");
        aliases = List.copyOf(Objects.requireNonNullElse(aliases, List.of()));
        wrong = List.copyOf(Objects.requireNonNullElse(wrong, List.of()));
    }

    /** Whether a reply states the answer or one of its aliases, as whole words, ignoring case. */
    public boolean answeredCorrectly(String reply) {
        String text = reply.toLowerCase(Locale.ROOT);
        if (mentions(text, answer)) {
            return true;
        }
        return aliases.stream().anyMatch(alias -> mentions(text, alias));
    }

    private static boolean mentions(String text, String form) {
        String word = form.toLowerCase(Locale.ROOT).strip();
        if (word.isEmpty()) {
            return false;
        }
        // Word boundaries that also work next to punctuation at either end ("Washington, D.C.").
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])").matcher(text).find();
    }
}
