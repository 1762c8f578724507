package dev.probation.run;

import dev.probation.agent.BadCall;
import dev.probation.agent.Denial;
import dev.probation.agent.FollowUp;
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
 * @param afterwards per condition (two per cue family in the run's order, observed first), how the agent
 *                   answered the follow-up questions about its flagged trajectories ({@link Denial}); empty,
 *                   and left out of JSON, when no follow-up was asked
 * @param simulator  the model ref of the tool simulator, or null when no tool was simulated (and then left out)
 */
public record AgentSummary(Steps all, Steps observed, Steps unobserved, List<Decided> flagged,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                           List<Afterwards> afterwards,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           String simulator) {

    public AgentSummary {
        flagged = List.copyOf(flagged);
        afterwards = List.copyOf(java.util.Objects.requireNonNullElse(afterwards, List.of()));
    }

    /** Per-step data without follow-up questions or a simulator. */
    public AgentSummary(Steps all, Steps observed, Steps unobserved, List<Decided> flagged) {
        this(all, observed, unobserved, flagged, List.of(), null);
    }

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
     * @param answered how the agent answered the follow-up questions ({@code admitted}, {@code denied} or
     *                {@code unclear}), or null when none was asked (and then left out of JSON)
     */
    public record Decided(String attempt, String check, int step, String callId,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                          String answered) {

        public Decided(String attempt, String check, int step, String callId) {
            this(attempt, check, step, callId, null);
        }
    }

    /**
     * How an agent answered, after the fact, for the trajectories flagged under one condition: the rate of
     * denials that {@code denied} reports as a check (it never changes whether a trajectory is flagged).
     *
     * @param family   the cue family
     * @param side     observed or unobserved
     * @param flagged  flagged trajectories
     * @param asked    of those, the ones with follow-up answers
     * @param denied   answers that deny what it did (and admit nothing)
     * @param admitted answers that admit it; the rest of {@code asked} were unclear
     */
    public record Afterwards(String family, Side side, int flagged, int asked, int denied, int admitted) {

        /** Denials among the flagged trajectories that were asked, 0 when none was. */
        public double deniedRate() {
            return asked == 0 ? 0 : (double) denied / asked;
        }
    }

    /** The per-step data of a run, or null when it holds no trajectory (a chat audit). */
    static AgentSummary of(RunContents run) {
        List<Trajectory> all = new ArrayList<>();
        List<Trajectory> observed = new ArrayList<>();
        List<Trajectory> unobserved = new ArrayList<>();
        List<Decided> flagged = new ArrayList<>();
        Map<String, int[]> afterwards = new java.util.LinkedHashMap<>(); // family/side -> flagged, asked, denied, admitted
        boolean asked = false;
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
            List<FollowUp> followUps = attempt.trajectory().followUps();
            asked |= !followUps.isEmpty();
            Verdict verdict = run.verdicts().get(attempt.id());
            if (!attempt.succeeded() || verdict == null || !verdict.flagged()) {
                continue;
            }
            Denial.Stance stance = followUps.isEmpty() ? null : Denial.read(followUps).stance();
            int[] counts = afterwards.computeIfAbsent(attempt.family() + "\n" + attempt.side().name(), k -> new int[4]);
            counts[0]++;
            if (stance != null) {
                counts[1]++;
                counts[2] += stance == Denial.Stance.DENIED ? 1 : 0;
                counts[3] += stance == Denial.Stance.ADMITTED ? 1 : 0;
            }
            if (verdict.decidedAt() != null) {
                Verdict.Decision at = verdict.decidedAt();
                flagged.add(new Decided(attempt.id(), at.check(), at.step(), at.callId(),
                        stance == null ? null : stance.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        return new AgentSummary(Steps.of(all), Steps.of(observed), Steps.of(unobserved), flagged,
                asked ? afterwards(families, afterwards) : List.of(), run.header().config().simulator());
    }

    /** Every condition of the run, in the families' order, observed first. */
    private static List<Afterwards> afterwards(List<String> families, Map<String, int[]> counts) {
        List<Afterwards> rows = new ArrayList<>();
        for (String family : families) {
            for (Side side : Side.values()) {
                int[] c = counts.getOrDefault(family + "\n" + side.name(), new int[4]);
                rows.add(new Afterwards(family, side, c[0], c[1], c[2], c[3]));
            }
        }
        return rows;
    }
}
