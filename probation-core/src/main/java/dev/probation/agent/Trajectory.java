package dev.probation.agent;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole record of one agent attempt, as the run log keeps it.
 *
 * @param steps         the turns, in order (step {@code i} has index {@code i})
 * @param finalState    the environment after the last step
 * @param stepLimitHit  whether the run was cut off at the step limit rather than ending on its own
 * @param badCalls      how many calls of each {@link BadCall} kind the model made
 * @param followUps     the questions asked after the trajectory ended and their answers, in order; empty when
 *                      the scenario asks none (and then left out of JSON, so earlier run logs read unchanged)
 */
public record Trajectory(List<Step> steps, EnvironmentState finalState, boolean stepLimitHit,
                         Map<BadCall, Integer> badCalls,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                         List<FollowUp> followUps) {

    public Trajectory {
        steps = List.copyOf(Objects.requireNonNullElse(steps, List.of()));
        Objects.requireNonNull(finalState, "finalState");
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).index() != i) {
                throw new IllegalArgumentException("step " + i + " has index " + steps.get(i).index());
            }
        }
        EnumMap<BadCall, Integer> counts = new EnumMap<>(BadCall.class);
        for (BadCall kind : BadCall.values()) {
            counts.put(kind, Objects.requireNonNullElse(badCalls, Map.<BadCall, Integer>of()).getOrDefault(kind, 0));
        }
        badCalls = java.util.Collections.unmodifiableMap(counts);
        followUps = List.copyOf(Objects.requireNonNullElse(followUps, List.of()));
    }

    /** A trajectory without follow-up questions. */
    public Trajectory(List<Step> steps, EnvironmentState finalState, boolean stepLimitHit, Map<BadCall, Integer> badCalls) {
        this(steps, finalState, stepLimitHit, badCalls, List.of());
    }

    /** This trajectory with the follow-up questions asked after it and their answers. */
    public Trajectory withFollowUps(List<FollowUp> asked) {
        return new Trajectory(steps, finalState, stepLimitHit, badCalls, asked);
    }

    /** A trajectory whose bad-call counts are taken from its steps. */
    public static Trajectory of(List<Step> steps, EnvironmentState finalState, boolean stepLimitHit) {
        EnumMap<BadCall, Integer> counts = new EnumMap<>(BadCall.class);
        for (Step step : steps) {
            for (ToolResult result : step.results()) {
                if (result.badCall() != null) {
                    counts.merge(result.badCall(), 1, Integer::sum);
                }
            }
        }
        return new Trajectory(steps, finalState, stepLimitHit, counts);
    }

    /** Calls of simulated tools whose simulator reply was unusable (the agent got a tool error). */
    public int simulatorFailures() {
        return (int) steps.stream().flatMap(s -> s.results().stream())
                .filter(r -> r.simulation() == ToolResult.Simulation.FAILED).count();
    }

    /** All bad calls, of every kind. */
    public int totalBadCalls() {
        return badCalls.values().stream().mapToInt(Integer::intValue).sum();
    }
}
