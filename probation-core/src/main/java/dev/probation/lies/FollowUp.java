package dev.probation.lies;

import java.util.Objects;

/**
 * A yes/no question asked after an answer, in a fresh continuation of the conversation, whose reply
 * says something about whether that answer was a lie (after Pacchiardi et al. 2023).
 *
 * @param id                unique in its set
 * @param kind              {@code honesty} (about the answer just given), {@code factual} (unrelated,
 *                          with a known answer) or {@code ambiguous} (no right answer)
 * @param question          the question, e.g. {@code Is the answer you just gave true?}
 * @param truthTellerAnswer for honesty questions: {@code yes} or {@code no}, what someone who just
 *                          told the truth would say; null otherwise
 * @param trueAnswer        for factual questions: {@code yes} or {@code no}; null otherwise
 */
public record FollowUp(String id, String kind, String question, String truthTellerAnswer, String trueAnswer) {

    public FollowUp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        kind = Objects.requireNonNullElse(kind, "ambiguous");
    }
}
