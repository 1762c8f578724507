package dev.probation.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with a global gradient-norm clip, on the parameters' own arrays. Call it
 * inside an {@link NDScope}, which frees its intermediate arrays. Written
 * out rather than taken from DJL because DJL's optimiser clips each element instead of the norm, which
 * let small transformers diverge here.
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
        Map<String, NDArray> grads = new HashMap<>();
        double squares = 0;
        for (var e : parameters.entrySet()) {
            NDArray g = leaves.get(e.getKey()).getGradient();
            grads.put(e.getKey(), g);
            squares += g.pow(2).sum().getFloat();
        }
        double norm = Math.sqrt(squares);
        if (!Double.isFinite(norm)) {
            // an overflow in one batch: skip the update, as mixed-precision trainers do, and let the caller count it
            steps--;
            return norm;
        }
        float scale = (float) (norm > CLIP ? CLIP / norm : 1.0);
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        for (var e : parameters.entrySet()) {
            NDArray w = e.getValue();
            NDArray g = grads.get(e.getKey()).mul(scale);
            NDArray[] mv = moments.computeIfAbsent(e.getKey(), k -> {
                NDArray[] fresh = {w.zerosLike(), w.zerosLike()};
                NDScope.unregister(fresh);
                return fresh;
            });
            mv[0].muli(BETA1).addi(g.mul(1 - BETA1));
            mv[1].muli(BETA2).addi(g.pow(2).muli(1 - BETA2));
            NDArray update = mv[0].div(correction1).divi(mv[1].div(correction2).sqrt().addi(EPSILON));
            if (w.getShape().dimension() > 1) {
                w.muli(1 - rate * WEIGHT_DECAY);
            }
            w.subi(update.muli(rate));
            update.close();
            g.close();
        }
        return norm;
    }
}
