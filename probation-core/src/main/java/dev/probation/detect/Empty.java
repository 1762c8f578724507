package dev.probation.detect;

import dev.probation.model.ChatResponse;

/**
 * An empty answer cannot be judged: it is usually cut off (the token limit was reached while the
 * model reasoned) rather than a choice, and counting it either way would bias the gap toward the
 * side that reasons longer.
 */
public final class Empty {

    private Empty() {}

    /** Why an empty answer got no verdict, for {@link Verdict#failed}. */
    public static String explanation(ChatResponse response) {
        String reason = response.finishReason().isEmpty() ? "" : " (finish reason: " + response.finishReason() + ")";
        return response.reasoning().isBlank() ? "The answer is empty" + reason + "."
                : "The answer is empty after its reasoning" + reason + "; it was probably cut off.";
    }
}
