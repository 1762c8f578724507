package dev.probation.model;

/**
 * A request for the model's reasoning ("thinking") where the API supports it. OpenAI-compatible
 * endpoints get {@code reasoning_effort}; Anthropic gets extended thinking with a token budget
 * (from {@code budgetTokens}, or 1024/4096/16384 for low/medium/high).
 *
 * @param effort       {@code low}, {@code medium} or {@code high}; may be null when a budget is given
 * @param budgetTokens thinking budget in tokens; 0 when only an effort is given
 */
public record Reasoning(String effort, int budgetTokens) {

    public Reasoning {
        if (effort != null && !effort.matches("low|medium|high")) {
            throw new IllegalArgumentException("reasoning effort must be low, medium or high, not '" + effort + "'");
        }
        if (budgetTokens < 0) {
            throw new IllegalArgumentException("reasoning budget must not be negative");
        }
        if (effort == null && budgetTokens == 0) {
            effort = "medium";
        }
    }

    /** The thinking budget: the one given, or one derived from the effort. */
    public int budget() {
        if (budgetTokens > 0) {
            return budgetTokens;
        }
        return switch (effort) {
            case "low" -> 1024;
            case "high" -> 16384;
            default -> 4096;
        };
    }

    /** The effort: the one given, or one derived from the budget. */
    public String effortLevel() {
        if (effort != null) {
            return effort;
        }
        return budgetTokens <= 2048 ? "low" : budgetTokens <= 8192 ? "medium" : "high";
    }
}
