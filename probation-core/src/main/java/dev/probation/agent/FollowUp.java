package dev.probation.agent;

import dev.probation.model.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * One question asked after the trajectory ended (the scenario's {@code follow-up}), and the agent's answer.
 * The tools are still offered while it answers, as in Apollo Research's interrogation turns, but a tool call
 * in the answer is only recorded: nothing is executed after the task ended, so the final state is the
 * trajectory's. Follow-up {@code i} sits at position {@code steps().size() + i} of its trajectory, which is how
 * a verdict points at it ({@link ActionVerdict#step()}).
 *
 * @param question the user's message
 * @param answer   the assistant's text
 * @param calls    tool calls the answer made, recorded but not executed (each was answered with a tool error)
 */
public record FollowUp(String question, String answer, List<ToolCall> calls) {

    /** What the conversation is told for each call in an answer. */
    public static final String NOT_EXECUTED = "not executed: the task has ended; please answer the question in words";

    public FollowUp {
        Objects.requireNonNull(question, "question");
        answer = Objects.requireNonNullElse(answer, "");
        calls = List.copyOf(Objects.requireNonNullElse(calls, List.of()));
    }
}
