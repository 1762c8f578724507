package dev.probation.neural;

/**
 * How to pick each next token: greedily at temperature 0, otherwise from the softmax of the logits
 * divided by the temperature, drawn with a seeded generator (the same seed writes the same text). A
 * greedy answer may instead be the best of a beam search (Hugging Face's {@code num_beams}).
 *
 * @param temperature 0 for greedy decoding, up to 2
 * @param seed        seeds the draws
 * @param maxTokens   the most tokens to write
 * @param beams       the width of a beam search at temperature 0 (1: plain greedy); 0 leaves it to the
 *                    model ({@code num_beams} in its {@code generation_config.json}, 1 when absent)
 */
public record Sampling(double temperature, long seed, int maxTokens, int beams) {

    /** The widest beam search a model may ask for. */
    public static final int MAX_BEAMS = 16;

    public Sampling {
        if (!validTemperature(temperature)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, not " + temperature);
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, not " + maxTokens);
        }
        if (beams < 0 || beams > MAX_BEAMS) {
            throw new IllegalArgumentException("beams must be from 0 (the model's own) to " + MAX_BEAMS + ", not " + beams);
        }
        if (beams > 1 && temperature > 0) {
            throw new IllegalArgumentException("a beam search is greedy: beams " + beams + " needs temperature 0, not " + temperature);
        }
    }

    /** Sampling with the model's own beam search when greedy. */
    public Sampling(double temperature, long seed, int maxTokens) {
        this(temperature, seed, maxTokens, 0);
    }

    /** Whether {@code beams} is a width a model may answer with: 1 (plain greedy) to {@value #MAX_BEAMS}. */
    public static boolean validWidth(int beams) {
        return beams >= 1 && beams <= MAX_BEAMS;
    }

    /** Whether {@code temperature} is one sampling accepts: 0 (greedy) to 2. */
    public static boolean validTemperature(double temperature) {
        return temperature >= 0 && temperature <= 2;
    }

    /** The beam width to decode with, given the model's own ({@code num_beams}): 1 whenever sampling. */
    int beamsFor(int modelBeams) {
        if (temperature > 0) {
            return 1;
        }
        return beams == 0 ? modelBeams : beams;
    }
}
