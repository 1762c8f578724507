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

    private Timeline() {}

    static List<Transition> replay(EnvironmentState initial, Trajectory trajectory) {
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
        return transitions;
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
