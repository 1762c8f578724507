package dev.probation.run;

import dev.probation.agent.Trajectory;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.scenario.Condition;
import dev.probation.scenario.Side;
import java.time.Instant;

/**
 * One call: a scenario under one condition, one sample. Immutable; written to the run log as soon
 * as it finishes.
 *
 * @param id        {@code scenario/family/side/sample}
 * @param response  the answer, or null when the call failed
 * @param error     why the call failed, or null
 * @param errorKind the {@link dev.probation.model.ModelException.Kind} of the failure, or null
 * @param latencyMs duration of the successful try (0 for cached answers)
 * @param retries   retries the call needed
 * @param cached    whether the answer came from the response cache
 * @param trajectory for an agentic scenario, every step the agent took (also when a call failed half-way);
 *                  {@code request} is then the first request and {@code response} the last answer, and
 *                  latency and retries add up over the calls. Null for a chat attempt (and left out of JSON,
 *                  so run logs written before agentic audits read unchanged)
 */
public record Attempt(
        String id,
        String scenario,
        String family,
        Side side,
        int sample,
        ChatRequest request,
        ChatResponse response,
        String error,
        String errorKind,
        Instant startedAt,
        long latencyMs,
        int retries,
        boolean cached,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Trajectory trajectory) {

    /** A chat attempt: one call. */
    public Attempt(String id, String scenario, String family, Side side, int sample, ChatRequest request,
                   ChatResponse response, String error, String errorKind, Instant startedAt, long latencyMs, int retries,
                   boolean cached) {
        this(id, scenario, family, side, sample, request, response, error, errorKind, startedAt, latencyMs, retries, cached, null);
    }

    public static String id(String scenario, Condition condition, int sample) {
        return scenario + "/" + condition.family() + "/" + condition.side().id() + "/" + sample;
    }

    public Condition condition() {
        return new Condition(family, side);
    }

    public boolean succeeded() {
        return response != null && error == null;
    }
}
