package dev.probation.reasoning;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/**
 * Sentence embeddings from all-MiniLM-L6-v2, an ONNX model that ships inside its Maven jar: loaded
 * from the class path, with no network, once per process (about a second).
 */
final class Embedder {

    static final int DIMENSION = 384;

    private Embedder() {}

    private static final class Holder {
        static final AllMiniLmL6V2EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    }

    /** Unit-length vectors, one per sentence. */
    static float[][] embed(List<String> sentences) {
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        var embeddings = Holder.MODEL.embedAll(segments).content();
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = normalise(embeddings.get(i).vector());
        }
        return vectors;
    }

    static float[] embed(String sentence) {
        return embed(List.of(sentence))[0];
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return unit;
    }
}
