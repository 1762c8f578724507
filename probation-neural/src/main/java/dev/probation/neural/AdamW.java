package dev.probation.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with a global gradient-norm clip, on the parameters' own arrays. Call it
 * inside an {@link NDScope}, which frees its intermediate arrays. The clip is computed here because DJL's
 * optimiser clips each element instead of the norm, which let small transformers diverge here; the
 * update itself is DJL's native {@code adamUpdate} (torch's in-place operations in one call), given the clip's scale.
 */
final class AdamW {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.95;
    private static final double EPSILON = 1e-8;
    private static final double WEIGHT_DECAY = 0.01;
    private static final double CLIP = 1.0;

    private final Map<String, NDArray[]> moments = new HashMap<>();
    private int steps;

    /**
     * One update of every parameter from its gradient, at learning rate {@code rate}.
     *
     * @return the gradients' global norm before clipping; not finite when the update was skipped
     */
    double step(Map<String, NDArray> parameters, Map<String, NDArray> leaves, double rate) {
        steps++;
        // the squared norms are summed as arrays and read once: one read per parameter cost a copy each
        NDArray squares = null;
        for (String name : parameters.keySet()) {
            NDArray g = leaves.get(name).getGradient();
            NDArray s = g.pow(2).sum();
            squares = squares == null ? s : squares.addi(s);
        }
        double norm = squares == null ? 0 : Math.sqrt(squares.getFloat());
        if (!Double.isFinite(norm)) {
            // an overflow in one batch: skip the update, as mixed-precision trainers do, and let the caller count it
            steps--;
            return norm;
        }
        float scale = (float) (norm > CLIP ? CLIP / norm : 1.0);
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        // m / c1 / (sqrt(v / c2) + eps) = (sqrt(c2) / c1) m / (sqrt(v) + eps sqrt(c2)): the form the native update takes
        float corrected = (float) (rate * Math.sqrt(correction2) / correction1);
        float epsilon = (float) (EPSILON * Math.sqrt(correction2));
        for (var e : parameters.entrySet()) {
            NDArray w = e.getValue();
            NDArray[] mv = moments.computeIfAbsent(e.getKey(), k -> {
                NDArray[] fresh = {w.zerosLike(), w.zerosLike()};
                NDScope.unregister(fresh);
                return fresh;
            });
            // one native call per parameter (DJL's AdamW: torch's in-place operations, decoupled decay on matrices only)
            // instead of a dozen array operations, each a trip through JNI
            float decay = w.getShape().dimension() > 1 ? (float) WEIGHT_DECAY : 0f;
            w.getNDArrayInternal().adamUpdate(new NDList(w, leaves.get(e.getKey()).getGradient(), mv[0], mv[1]),
                    new NDList(w), (float) rate, corrected, decay, scale, -1f, (float) BETA1, (float) BETA2,
                    epsilon, false, true);
        }
        return norm;
    }
}
