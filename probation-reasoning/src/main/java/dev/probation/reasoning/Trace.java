package dev.probation.reasoning;

import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One reasoning trace to inspect, with its labels when it comes from a labelled set.
 *
 * @param id              unique within its file
 * @param reasoning       the scratchpad, chain of thought or thinking text
 * @param alignmentFaking the label, or null when unlabelled
 * @param evalAware       the label, or null when unlabelled
 * @param criteria        the criteria the labeller saw hold (empty when unlabelled)
 * @param fields          the whole input line, so that output can keep what it carried
 */
public record Trace(String id, String reasoning, Boolean alignmentFaking, Boolean evalAware, Set<Criterion> criteria,
        ObjectNode fields) {

    public Trace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reasoning, "reasoning");
        criteria = Set.copyOf(criteria);
    }

    public static Trace of(String id, String reasoning) {
        return new Trace(id, reasoning, null, null, Set.of(), null);
    }
}
