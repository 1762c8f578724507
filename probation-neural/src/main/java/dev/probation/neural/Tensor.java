package dev.probation.neural;

import java.util.Arrays;

/** A named weight's values in row-major order, with its shape ({@code [out, in]} for a linear layer). */
record Tensor(long[] shape, float[] data) {

    Tensor {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, not "
                    + data.length);
        }
    }
}
