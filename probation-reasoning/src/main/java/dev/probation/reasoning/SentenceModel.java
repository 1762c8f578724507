package dev.probation.reasoning;

import dev.probation.learn.LogisticModel;

/**
 * Whether one sentence states one criterion. The word model reads every sentence of a trace; the
 * embedding model re-reads only the best few candidates (embedding every sentence of a long trace is
 * what made the first classifier slow), and a candidate's score is the mean of the two.
 *
 * @param lexical   words and word pairs of the sentence
 * @param embedding the sentence's all-MiniLM-L6-v2 embedding
 */
record SentenceModel(LexicalModel lexical, LogisticModel embedding) {

    double lexical(java.util.Set<String> grams) {
        return lexical.probability(grams);
    }

    /** A candidate's score: the mean of its word model's and its embedding model's. */
    double both(double lexicalScore, float[] embedded) {
        return (lexicalScore + embedding.probability(row(embedded))) / 2;
    }

    static double[] row(float[] embedded) {
        double[] row = new double[embedded.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = embedded[i];
        }
        return row;
    }

    /**
     * The regularisation of each stage (LIBLINEAR's C: smaller is stronger).
     *
     * @param lexical   the sentence word models
     * @param minCount  sentences a word or pair must occur in to enter a word model's vocabulary
     * @param embedding the sentence embedding models
     * @param trace     the trace models over pooled sentence scores
     */
    record Costs(double lexical, int minCount, double embedding, double trace) {}
}
