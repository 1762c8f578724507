package dev.probation.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model names as metric labels, capped: the first {@code max} distinct names keep their own label
 * and every later one is counted as {@value #OTHER}. Each name is a set of series that Prometheus
 * keeps for good, and clients choose the name, so without a cap a client looping over made-up names
 * grows {@code /metrics} without end. First come, first served: a label cannot move once its series
 * exist, and the names a deployment really uses are the ones seen first.
 */
final class ModelLabels {

    static final String OTHER = "other";
    /** Longer names are not labels (they are not model names either). */
    private static final int MAX_LENGTH = 128;

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    ModelLabels(int max) {
        this.max = max;
    }

    String label(String model) {
        if (admitted.contains(model)) {
            return model;
        }
        if (model.length() > MAX_LENGTH) {
            return OTHER;
        }
        synchronized (this) {
            if (admitted.size() < max) {
                admitted.add(model);
                return model;
            }
        }
        return admitted.contains(model) ? model : OTHER;
    }
}
