package dev.probation.agent;

import dev.probation.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Builds a trajectory the way an agent loop would: each turn's calls go through a real Environment. */
final class Play {

    private final Environment env;
    private final List<Step> steps = new ArrayList<>();
    private int ids;

    Play(EnvironmentState initial, Toolbox tools) {
        this.env = new Environment(initial, tools);
    }

    Play(EnvironmentState initial) {
        this(initial, Toolbox.allBuiltIns());
    }

    /** One turn: the assistant's text and its calls as name, arguments pairs. */
    Play turn(String text, String... nameAndArgs) {
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < nameAndArgs.length; i += 2) {
            calls.add(new ToolCall("call_" + ++ids, nameAndArgs[i], nameAndArgs[i + 1]));
        }
        steps.add(new Step(steps.size(), text, calls, calls.stream().map(env::apply).toList()));
        return this;
    }

    /** A turn with one run_command call. */
    Play shell(String command) {
        return turn("", "run_command", dev.probation.util.Json.MAPPER.createObjectNode().put("command", command).toString());
    }

    Trajectory done() {
        return Trajectory.of(steps, env.state(), false);
    }
}
