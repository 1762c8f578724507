package dev.probation.neural;

/**
 * How to pick each next token: greedily at temperature 0, otherwise from the softmax of the logits
 * divided by the temperature, drawn with a seeded generator (the same seed writes the same text).
 *
 * @param temperature 0 for greedy decoding, up to 2
 * @param seed        seeds the draws
 * @param maxTokens   the most tokens to write
 */
public record Sampling(double temperature, long seed, int maxTokens) {

    public Sampling {
        if (!validTemperature(temperature)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, not " + temperature);
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, not " + maxTokens);
        }
    }

    /** Whether {@code temperature} is one sampling accepts: 0 (greedy) to 2. */
    public static boolean validTemperature(double temperature) {
        return temperature >= 0 && temperature <= 2;
    }
}
