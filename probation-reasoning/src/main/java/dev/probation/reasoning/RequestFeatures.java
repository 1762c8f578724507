package dev.probation.reasoning;

/**
 * The features of a request: its all-MiniLM-L6-v2 sentence embedding. A long message (a pasted
 * document with a question) is cut to its first {@value #HEAD} and last {@value #TAIL} characters,
 * where the ask usually is, so that the cost per request stays bounded.
 */
final class RequestFeatures {

    static final int HEAD = 1500;
    static final int TAIL = 500;

    private RequestFeatures() {}

    static String cut(String request) {
        String text = request.strip();
        if (text.length() <= HEAD + TAIL) {
            return text;
        }
        int head = Character.isHighSurrogate(text.charAt(HEAD - 1)) ? HEAD - 1 : HEAD;
        int tail = text.length() - TAIL;
        tail = Character.isLowSurrogate(text.charAt(tail)) ? tail + 1 : tail;
        return text.substring(0, head) + " … " + text.substring(tail);
    }

    static double[] of(String request) {
        String text = cut(request);
        return toDoubles(Embedder.embed(text.isEmpty() ? "(empty)" : text));
    }

    static double[] toDoubles(float[] vector) {
        double[] row = new double[vector.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = vector[i];
        }
        return row;
    }
}
