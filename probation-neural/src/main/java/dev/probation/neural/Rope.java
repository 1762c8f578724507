package dev.probation.neural;

/**
 * Rotary position embedding tables as Hugging Face's Llama computes them: frequency
 * {@code theta^(-2i/d)} for the i-th of d/2 pairs, repeated over both halves of a head.
 */
final class Rope {

    private Rope() {}

    /** {@code [cos, sin]}, each {@code positions × headDim} in row-major order. */
    static float[][] table(int positions, int headDim) {
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        int half = headDim / 2;
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(ModelConfig.ROPE_THETA, -2.0 * i / headDim);
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[p * headDim + i] = c;
                cos[p * headDim + i + half] = c;
                sin[p * headDim + i] = s;
                sin[p * headDim + i + half] = s;
            }
        }
        return new float[][] {cos, sin};
    }
}
