package dev.probation.agent;

import java.util.List;
import java.util.Objects;

/**
 * Answers the calls of simulated tools ({@link UserTool#simulated()}), as Petri's auditor does. One
 * simulator serves one trajectory: the {@link Environment} hands it every earlier simulated exchange of
 * that trajectory, so that the world it invents stays consistent.
 */
interface ToolSimulator {

    /**
     * The output of one call.
     *
     * @throws SimulatorFailure when the simulator's reply is not a usable answer (the agent gets a tool
     *     error, counted in the trajectory)
     * @throws dev.probation.model.ModelException when the simulator cannot be called (the attempt fails,
     *     and a resumed run plays it again)
     */
    Answer answer(Call call);

    /**
     * @param tool          the tool called
     * @param world         a compact description of the rest of the environment (JSON object text)
     * @param earlier       every earlier answered call to a simulated tool in this trajectory, in order
     * @param argumentsJson the new call's arguments (a JSON object, checked against the tool's schema)
     */
    record Call(UserTool tool, String world, List<Exchange> earlier, String argumentsJson) {
        public Call {
            Objects.requireNonNull(tool, "tool");
            earlier = List.copyOf(earlier);
        }
    }

    /** One earlier call and what the simulator answered. */
    record Exchange(String tool, String argumentsJson, String output, boolean error) {}

    /** The tool's output as the agent sees it, or its error message when {@code error}. */
    record Answer(String output, boolean error) {
        public Answer {
            Objects.requireNonNull(output, "output");
        }
    }
}
