package dev.probation.neural;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The request kinds of a task family and their relative weights: the family's defaults, overridden by
 * the spec's {@code data} knobs of the same names ({@code data: {shell: 0.5}}).
 */
record Mix(Map<String, Double> defaults) {

    Mix {
        defaults = Map.copyOf(defaults);
    }

    /** Rejects knobs that name no kind, and weights that are not numbers of 0 or more, or are all 0. */
    void check(Map<String, Object> data) {
        for (var entry : data.entrySet()) {
            if (!defaults.containsKey(entry.getKey())) {
                throw new TaskFamily.DataException(entry.getKey(), "unknown knob; known knobs: "
                        + String.join(", ", new TreeSet<>(defaults.keySet())));
            }
            if (!(entry.getValue() instanceof Double weight) || weight < 0) {
                throw new TaskFamily.DataException(entry.getKey(), "expected a weight of 0 or more, found '" + entry.getValue() + "'");
            }
        }
        if (weights(data).values().stream().allMatch(w -> w == 0)) {
            throw new TaskFamily.DataException(data.keySet().iterator().next(), "all weights are 0; no request could be drawn");
        }
    }

    Map<String, Double> weights(Map<String, Object> data) {
        Map<String, Double> weights = new LinkedHashMap<>();
        new TreeSet<>(defaults.keySet()).forEach(kind -> weights.put(kind,
                data.get(kind) instanceof Double value ? value : defaults.get(kind)));
        return weights;
    }

    /** A kind drawn in proportion to its weight. */
    String pick(Map<String, Object> data, RandomGenerator random) {
        Map<String, Double> weights = weights(data);
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = random.nextDouble() * total;
        String last = null;
        for (var entry : weights.entrySet()) {
            if (entry.getValue() > 0) {
                last = entry.getKey();
                x -= entry.getValue();
                if (x < 0) {
                    break;
                }
            }
        }
        return last;
    }
}
