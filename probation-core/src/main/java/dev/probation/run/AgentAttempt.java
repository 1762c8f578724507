package dev.probation.run;

import dev.probation.agent.AgentRunner;
import dev.probation.model.ChatRequest;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelException;
import dev.probation.scenario.Framing;
import java.time.Instant;

/** One attempt of an agentic scenario: a whole trajectory on a fresh environment, recorded as one {@link Attempt}. */
final class AgentAttempt {

    private AgentAttempt() {}

    /**
     * Plays the trajectory that starts with {@code request} in the scenario's environment as {@code framing}
     * renders it. Every attempt gets an environment of its own, so a retried or resumed attempt starts over
     * from the scenario's state: nothing of an earlier try carries over, and nothing real was ever executed.
     * The scenario's follow-up questions are part of the attempt: if one of their calls fails, the attempt
     * fails and a resumed audit plays it again whole, so a follow-up is never recorded twice.
     */
    static Attempt play(Audit.Task task, ChatRequest request, ManagedModel model, ManagedModel simulator, Framing framing,
                        Instant started) {
        var agent = task.scenario().agent();
        // the simulator gets the task as the suite states it, so that it answers both sides of a pair alike
        var environment = agent.setup(framing.files(), framing.banner())
                .newEnvironment(simulator, task.scenario().prompt(), request.seed());
        AgentRunner.Played played;
        try {
            played = new AgentRunner(model, ReasoningSplitter::split).play(request, environment, agent.steps(), agent.followUp());
        } catch (java.util.concurrent.CancellationException e) {
            return cancelled(task, request, started);
        }
        ChatRequest first = request.withTools(environment.tools());
        if (played.succeeded()) {
            return new Attempt(task.id(), task.scenario().id(), task.condition().family(), task.condition().side(), task.sample(),
                    first, played.last(), null, null, started, played.latencyMs(), played.retries(), played.cached(),
                    played.trajectory());
        }
        ModelException error = played.error();
        return new Attempt(task.id(), task.scenario().id(), task.condition().family(), task.condition().side(), task.sample(),
                first, null, error.getMessage(), error.kind().name(), started, 0, played.retries(), false, played.trajectory());
    }

    /** An attempt stopped by the audit's abort before it ended: not a real result, and not kept. */
    static Attempt cancelled(Audit.Task task, ChatRequest request, Instant started) {
        return new Attempt(task.id(), task.scenario().id(), task.condition().family(), task.condition().side(), task.sample(),
                request, null, "cancelled", ModelException.Kind.NETWORK.name(), started, 0, 0, false, null);
    }
}
