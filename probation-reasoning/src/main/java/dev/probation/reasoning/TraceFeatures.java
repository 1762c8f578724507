package dev.probation.reasoning;

import java.util.List;

/**
 * What the classifier sees of a trace: the mean of its sentence embeddings, and for each criterion
 * how close its closest sentence comes to that criterion's prototypes (the sentence is kept as
 * evidence).
 *
 * @param vector     the features, {@link Embedder#DIMENSION} + one per criterion
 * @param closest    per criterion (in {@link Criterion} order), the trace's closest sentence
 * @param similarity per criterion, that sentence's cosine similarity to the nearest prototype
 */
record TraceFeatures(double[] vector, List<Span> closest, double[] similarity) {

    static TraceFeatures of(String reasoning) {
        return of(Excerpt.of(reasoning));
    }

    /** The features of the inspected part of a trace. */
    static TraceFeatures of(Excerpt excerpt) {
        List<Span> sentences = Sentences.split(excerpt);
        if (sentences.isEmpty()) {
            String text = excerpt.reasoning().substring(0, excerpt.headEnd());
            sentences = List.of(new Span(0, text.length(), text));
        }
        float[][] embedded = Embedder.embed(sentences.stream().map(Span::text).toList());
        Criterion[] criteria = Criterion.values();
        double[] vector = new double[Embedder.DIMENSION + criteria.length];
        for (float[] sentence : embedded) {
            for (int i = 0; i < Embedder.DIMENSION; i++) {
                vector[i] += sentence[i] / embedded.length;
            }
        }
        Span[] closest = new Span[criteria.length];
        double[] similarity = new double[criteria.length];
        for (int c = 0; c < criteria.length; c++) {
            similarity[c] = -1;
            for (float[] prototype : Prototypes.of(criteria[c])) {
                for (int s = 0; s < embedded.length; s++) {
                    double cos = Embedder.cosine(embedded[s], prototype);
                    if (cos > similarity[c]) {
                        similarity[c] = cos;
                        closest[c] = sentences.get(s);
                    }
                }
            }
            vector[Embedder.DIMENSION + c] = similarity[c];
        }
        return new TraceFeatures(vector, List.of(closest), similarity);
    }
}
