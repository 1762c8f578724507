package dev.probation.neural;

/**
 * A weight matrix for the plain-Java forward pass, stored by column so that {@code W · x} runs as
 * {@code out += column[i] * x[i]} for each input {@code i}: a loop over consecutive outputs that the
 * JIT turns into SIMD instructions (one array per column; a single flat array with an offset was not
 * vectorised, and ran 7x slower). Each output is still the sum of {@code w[r][i] * x[i]} for {@code i}
 * in order, multiplied and added separately, so the result is the same to the bit as a plain dot
 * product per row: what {@code DecoderTest} and the seeded evaluations rely on.
 */
final class Matrix {

    private final float[][] columns;
    private final int rows;

    /** @param rowMajor a {@code [rows, cols]} matrix, as safetensors and PyTorch store a linear layer */
    Matrix(float[] rowMajor, int cols) {
        this.rows = rowMajor.length / cols;
        this.columns = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                columns[i][r] = rowMajor[r * cols + i];
            }
        }
    }

    /** {@code out[0 .. rows) = W · x}. */
    void times(float[] x, float[] out) {
        java.util.Arrays.fill(out, 0, rows, 0f);
        for (int i = 0; i < columns.length; i++) {
            float xi = x[i];
            float[] column = columns[i];
            for (int r = 0; r < rows; r++) {
                out[r] += column[r] * xi;
            }
        }
    }

    /** {@code out[offset .. offset + rows) = W · x}, through {@code scratch} of at least {@code rows}. */
    void times(float[] x, float[] out, int offset, float[] scratch) {
        times(x, scratch);
        System.arraycopy(scratch, 0, out, offset, rows);
    }

    /** {@code out += W · x}, with {@code W · x} summed on its own first: a residual connection. */
    void addTimes(float[] x, float[] out, float[] scratch) {
        times(x, scratch);
        for (int r = 0; r < rows; r++) {
            out[r] += scratch[r];
        }
    }
}
