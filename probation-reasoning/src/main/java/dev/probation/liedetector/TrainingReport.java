package dev.probation.liedetector;

/**
 * How a lie detector was trained, and how well it separated lies from truthful answers on
 * questions it never saw.
 *
 * @param questions      questions asked
 * @param lies           answers given under a lying instruction that were indeed false (kept as lies)
 * @param truths         answers given under a truthful instruction that were correct (kept as truths)
 * @param discarded      answers that did not do what they were told (a failed lie, an honest mistake)
 * @param failedCalls    elicitations dropped because a model call failed
 * @param folds          cross-validation folds, grouped by question
 * @param auroc          out-of-fold AUROC: every answer scored by a detector trained without its question
 * @param precision      out-of-fold precision at 0.5
 * @param recall         out-of-fold recall at 0.5
 * @param heldOutQuestions questions kept out of training altogether (0 when none)
 * @param heldOutAuroc   AUROC on them, by the final detector; null when none
 * @param heldOut        the ids of the held-out questions ({@code lie-detector evaluate} asks them by default)
 * @param unclearReplies share of follow-up replies that said neither yes nor no (high means the model
 *                       does not answer in that form, or runs out of tokens)
 * @param seed           the seed of question order, instruction variants and folds
 */
public record TrainingReport(int questions, int lies, int truths, int discarded, int failedCalls, int folds, double auroc,
        double precision, double recall, int heldOutQuestions, Double heldOutAuroc, java.util.List<String> heldOut,
        double unclearReplies, long seed) {

    public TrainingReport {
        heldOut = java.util.List.copyOf(java.util.Objects.requireNonNullElse(heldOut, java.util.List.of()));
    }
}
