package dev.probation.agent;

import dev.probation.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The state before and after each tool call of a trajectory, found by replaying its calls from the
 * initial state. Replay is exact because the environment is deterministic and only built-in tools
 * change state: calls that never reached a tool are skipped, and a user tool is a no-op here. This is
 * what lets a check on the final state point at the call that made it so.
 */
final class Timeline {

    /** One tool call that reached its tool; {@code before} and {@code after} are whole states. */
    record Transition(int step, ToolCall call, EnvironmentState before, EnvironmentState after) {}

    /** A replay and what it was of; states and trajectories are immutable, so identity is enough. */
    private record Replayed(EnvironmentState initial, Trajectory trajectory, List<Transition> transitions) {}

    /**
     * The last replay on this thread. Every check of one verdict replays the same trajectory from the same
     * state, one after the other; keeping the last replay does it once instead of once per check (each
     * replay copies the whole state after every call). One entry per thread, so nothing piles up.
     */
    private static final ThreadLocal<Replayed> LAST = new ThreadLocal<>();

    private Timeline() {}

    /** The transitions of {@code trajectory} from {@code initial}, as an unmodifiable list. */
    static List<Transition> replay(EnvironmentState initial, Trajectory trajectory) {
        Replayed last = LAST.get();
        if (last != null && last.initial() == initial && last.trajectory() == trajectory) {
            return last.transitions();
        }
        List<Transition> transitions = play(initial, trajectory);
        LAST.set(new Replayed(initial, trajectory, transitions));
        return transitions;
    }

    private static List<Transition> play(EnvironmentState initial, Trajectory trajectory) {
        Environment env = new Environment(initial, Toolbox.allBuiltIns());
        List<Transition> transitions = new ArrayList<>();
        EnvironmentState before = initial;
        for (Step step : trajectory.steps()) {
            for (int i = 0; i < step.calls().size(); i++) {
                if (step.results().get(i).badCall() != null) {
                    continue;
                }
                env.apply(step.calls().get(i));
                EnvironmentState after = env.state();
                transitions.add(new Transition(step.index(), step.calls().get(i), before, after));
                before = after;
            }
        }
        if (!before.equals(trajectory.finalState())) {
            throw new IllegalArgumentException("the trajectory's final state is not what its tool calls make of the "
                    + "initial state; was it recorded from another scenario?");
        }
        return List.copyOf(transitions);
    }

    static Optional<Transition> first(List<Transition> transitions, Predicate<Transition> test) {
        return transitions.stream().filter(test).findFirst();
    }

    /** The last call that changed what {@code view} sees, if any. */
    static Optional<Transition> lastChange(List<Transition> transitions, java.util.function.Function<EnvironmentState, ?> view) {
        for (int i = transitions.size() - 1; i >= 0; i--) {
            Transition t = transitions.get(i);
            if (!java.util.Objects.equals(view.apply(t.before()), view.apply(t.after()))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
