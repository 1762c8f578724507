package dev.probation.lab;

import java.util.SplittableRandom;

/**
 * Changes the residual stream in place after a block, at one token position: adds noise (Poser's
 * "intoxication") or a steering vector. One instance serves one answer: a noise intervention draws
 * from its own seeded stream in the order the model calls it, so the same seed adds the same noise.
 */
@FunctionalInterface
public interface Intervention {

    void apply(int layer, int position, float[] residual);

    /**
     * Gaussian noise after block {@code layer} at every position, each coordinate drawn with a
     * standard deviation of {@code dose} times that position's root mean square: a dose is relative
     * to the stream's own scale, so the same dose means the same for any model.
     */
    static Intervention noise(int layer, double dose, long seed) {
        if (!(dose >= 0)) {
            throw new IllegalArgumentException("a noise dose must be 0 or more, not " + dose);
        }
        SplittableRandom random = new SplittableRandom(seed);
        return (l, position, residual) -> {
            if (l != layer || dose == 0) {
                return;
            }
            double sigma = dose * rms(residual);
            for (int i = 0; i < residual.length; i++) {
                residual[i] += (float) (sigma * gaussian(random));
            }
        };
    }

    /** Adds {@code scale} times {@code vector} after block {@code layer} at every position. */
    static Intervention steer(int layer, float[] vector, double scale) {
        float[] v = vector.clone();
        return (l, position, residual) -> {
            if (l != layer) {
                return;
            }
            for (int i = 0; i < residual.length; i++) {
                residual[i] += (float) (scale * v[i]);
            }
        };
    }

    private static double rms(float[] x) {
        double squares = 0;
        for (float v : x) {
            squares += v * v;
        }
        return Math.sqrt(squares / x.length);
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian of its own stream). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
