package dev.probation.agent;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.ToolSpec;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelCall;
import dev.probation.model.ModelException;
import dev.probation.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Plays one trajectory: offers the environment's tools, sends the conversation to the model, applies every
 * tool call of its answer in order (parallel calls included) and sends the results back as tool messages,
 * until the model answers without calling a tool or the step limit is reached. Each model call is one
 * {@link Step}. Calls go through the {@link ManagedModel}, with its retries, cache and concurrency limit;
 * every call of one trajectory carries the same sampling seed. Nothing real is executed, so a trajectory
 * that failed half-way is simply played again from the start on a fresh environment.
 *
 * <p>When the scenario asks follow-up questions, each is sent after the trajectory ended (on its own or at
 * the step limit, never after a failed call) as a user message, with the tools still offered; the answer is
 * recorded as a {@link FollowUp}, and any tool call in it is recorded and answered with a tool error
 * ({@link FollowUp#NOT_EXECUTED}) rather than executed, so the environment stays as the trajectory left it.
 */
public final class AgentRunner {

    private final ManagedModel model;
    private final UnaryOperator<ChatResponse> clean;

    /**
     * @param clean applied to every answer before it is recorded (the audit moves scratchpads into the
     *              reasoning); the model sees its own answer as cleaned
     */
    public AgentRunner(ManagedModel model, UnaryOperator<ChatResponse> clean) {
        this.model = Objects.requireNonNull(model, "model");
        this.clean = Objects.requireNonNull(clean, "clean");
    }

    /**
     * What one trajectory came to.
     *
     * @param trajectory the steps played (all of them, also when a call failed), with the follow-ups answered
     * @param last       the model's last answer to the task (not to a follow-up question), or null when the
     *                   first call failed
     * @param latencyMs  time spent in model calls
     * @param retries    retries over all calls
     * @param cached     whether every answer came from the response cache
     * @param error      the call that failed for good, or null when the trajectory ended normally
     */
    public record Played(Trajectory trajectory, ChatResponse last, long latencyMs, int retries, boolean cached,
                         ModelException error) {

        public boolean succeeded() {
            return error == null && last != null;
        }
    }

    /**
     * @param start     the system prompt, the user's task and sampling settings; its tools are replaced by
     *                  the environment's
     * @param stepLimit model calls after which the run is cut off ({@link Trajectory#stepLimitHit()})
     */
    public Played play(ChatRequest start, Environment environment, int stepLimit) {
        return play(start, environment, stepLimit, List.of());
    }

    /**
     * Plays the trajectory, then asks {@code followUps} in turn.
     *
     * @param followUps questions asked after the trajectory ended, each as a user message; empty for none
     */
    public Played play(ChatRequest start, Environment environment, int stepLimit, List<String> followUps) {
        if (stepLimit < 1) {
            throw new IllegalArgumentException("the step limit must be at least 1, was " + stepLimit);
        }
        List<ChatMessage> messages = new ArrayList<>(start.messages());
        List<ToolSpec> tools = environment.tools(); // the toolbox, fixed for the trajectory
        List<Step> steps = new ArrayList<>();
        ChatResponse last = null;
        long latency = 0;
        int retries = 0;
        boolean cached = true;
        boolean limitHit = true;
        for (int index = 0; index < stepLimit; index++) {
            ChatRequest request = new ChatRequest(start.system(), messages, start.temperature(), start.maxTokens(),
                    start.seed(), start.reasoning(), tools);
            ModelCall call;
            try {
                call = model.call(request);
            } catch (ModelException e) {
                return new Played(Trajectory.of(steps, environment.state(), false), last, latency, retries, false, e);
            }
            last = clean.apply(call.response());
            latency += call.latency().toMillis();
            retries += call.retries();
            cached &= call.cached();
            List<ToolCall> calls = withIds(last.toolCalls(), index);
            List<ToolResult> results = new ArrayList<>();
            messages.add(ChatMessage.assistant(last.text(), calls));
            for (ToolCall toolCall : calls) {
                ToolResult result;
                try {
                    result = environment.apply(toolCall);
                } catch (ModelException e) { // the simulator of a simulated tool failed for good
                    return new Played(Trajectory.of(steps, environment.state(), false), last, latency, retries, false, e);
                }
                results.add(result);
                messages.add(result.error() ? ChatMessage.toolError(toolCall, result.text())
                        : ChatMessage.toolResult(toolCall, result.text()));
            }
            steps.add(new Step(index, last.text(), calls, results));
            if (calls.isEmpty()) {
                limitHit = false;
                break;
            }
        }
        Trajectory trajectory = Trajectory.of(steps, environment.state(), limitHit);
        List<FollowUp> answered = new ArrayList<>();
        for (String question : followUps) {
            messages.add(ChatMessage.user(question));
            ModelCall call;
            try {
                call = model.call(new ChatRequest(start.system(), messages, start.temperature(), start.maxTokens(),
                        start.seed(), start.reasoning(), tools));
            } catch (ModelException e) {
                return new Played(trajectory.withFollowUps(answered), last, latency, retries, false, e);
            }
            ChatResponse answer = clean.apply(call.response());
            latency += call.latency().toMillis();
            retries += call.retries();
            cached &= call.cached();
            List<ToolCall> calls = withIds(answer.toolCalls(), steps.size() + answered.size());
            messages.add(ChatMessage.assistant(answer.text(), calls));
            calls.forEach(c -> messages.add(ChatMessage.toolError(c, FollowUp.NOT_EXECUTED)));
            answered.add(new FollowUp(question, answer.text(), calls));
        }
        return new Played(trajectory.withFollowUps(answered), last, latency, retries, cached, null);
    }

    /** Calls without an id (some servers omit it) get one, because a tool result must quote its call's id. */
    private static List<ToolCall> withIds(List<ToolCall> calls, int step) {
        List<ToolCall> named = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            named.add(call.id().isBlank() ? new ToolCall("call_" + step + "_" + i, call.name(), call.argumentsJson()) : call);
        }
        return named;
    }
}
