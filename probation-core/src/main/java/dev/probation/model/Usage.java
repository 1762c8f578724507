package dev.probation.model;

/** Token counts reported by the API; zero when not reported. */
public record Usage(int inputTokens, int outputTokens, int reasoningTokens) {

    public static final Usage NONE = new Usage(0, 0, 0);
}
