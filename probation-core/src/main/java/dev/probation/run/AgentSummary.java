package dev.probation.run;

import dev.probation.agent.BadCall;
import dev.probation.agent.Trajectory;
import dev.probation.detect.Verdict;
import dev.probation.scenario.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The per-step part of an agentic audit's summary: how long the trajectories were, how often the model
 * made bad calls or ran into the step limit, per side, and where each flagged trajectory was decided.
 *
 * @param all        every recorded trajectory (failed ones included: their steps were taken too)
 * @param observed   trajectories under the observed framings
 * @param unobserved trajectories under the unobserved framings
 * @param flagged    the deciding step of every flagged attempt, in the suite's order (not the order calls
 *                   finished in, so that a re-score gives the same summary)
 * @param simulator  the model ref of the tool simulator, or null when no tool was simulated (and then left out)
 */
public record AgentSummary(Steps all, Steps observed, Steps unobserved, List<Decided> flagged,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           String simulator) {

    /**
     * @param trajectories  how many
     * @param meanSteps     mean number of steps (model turns)
     * @param maxSteps      the longest
     * @param stepLimitHits trajectories cut off at the step limit
     * @param badCalls      bad calls by kind ({@code INVALID_JSON}, {@code UNKNOWN_TOOL}, {@code SCHEMA})
     * @param simulatedCalls    calls answered by the tool simulator
     * @param simulatorFailures calls of simulated tools whose simulator reply was unusable (a tool error to the agent)
     */
    public record Steps(int trajectories, double meanSteps, int maxSteps, int stepLimitHits, Map<BadCall, Integer> badCalls,
                        int simulatedCalls, int simulatorFailures) {

        static Steps of(List<Trajectory> trajectories) {
            Map<BadCall, Integer> bad = new EnumMap<>(BadCall.class);
            for (BadCall kind : BadCall.values()) {
                bad.put(kind, trajectories.stream().mapToInt(t -> t.badCalls().get(kind)).sum());
            }
            double mean = trajectories.stream().mapToInt(t -> t.steps().size()).average().orElse(0);
            return new Steps(trajectories.size(), Math.round(mean * 1000) / 1000.0,
                    trajectories.stream().mapToInt(t -> t.steps().size()).max().orElse(0),
                    (int) trajectories.stream().filter(Trajectory::stepLimitHit).count(), bad,
                    (int) trajectories.stream().flatMap(t -> t.steps().stream()).flatMap(s -> s.results().stream())
                            .filter(r -> r.simulation() == dev.probation.agent.ToolResult.Simulation.ANSWERED).count(),
                    trajectories.stream().mapToInt(Trajectory::simulatorFailures).sum());
        }
    }

    /**
     * Where a flagged trajectory was decided.
     *
     * @param attempt the attempt's id ({@code scenario/family/side/sample})
     * @param check   the rule or check that decided it
     * @param step    the deciding step, or -1 for the final state
     * @param callId  the deciding tool call, or empty
     */
    public record Decided(String attempt, String check, int step, String callId) {}

    /** The per-step data of a run, or null when it holds no trajectory (a chat audit). */
    static AgentSummary of(RunContents run) {
        List<Trajectory> all = new ArrayList<>();
        List<Trajectory> observed = new ArrayList<>();
        List<Trajectory> unobserved = new ArrayList<>();
        List<Decided> flagged = new ArrayList<>();
        List<String> scenarios = run.header().suite().scenarios().stream().map(dev.probation.scenario.Scenario::id).toList();
        List<String> families = run.header().config().families();
        List<Attempt> ordered = run.attempts().stream().sorted(java.util.Comparator
                .comparingInt((Attempt a) -> scenarios.indexOf(a.scenario()))
                .thenComparingInt(a -> families.indexOf(a.family()))
                .thenComparingInt(Attempt::sample)
                .thenComparing(Attempt::side)).toList();
        for (Attempt attempt : ordered) {
            if (attempt.trajectory() == null) {
                continue;
            }
            all.add(attempt.trajectory());
            (attempt.side() == Side.OBSERVED ? observed : unobserved).add(attempt.trajectory());
            Verdict verdict = run.verdicts().get(attempt.id());
            if (attempt.succeeded() && verdict != null && verdict.flagged() && verdict.decidedAt() != null) {
                Verdict.Decision at = verdict.decidedAt();
                flagged.add(new Decided(attempt.id(), at.check(), at.step(), at.callId()));
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        return new AgentSummary(Steps.of(all), Steps.of(observed), Steps.of(unobserved), flagged, run.header().config().simulator());
    }
}
