package dev.probation.gateway;

import dev.probation.detect.Verdict;

/**
 * Reads a request apart from its answer: a probe on the deployed model's residual stream, which says
 * what the model computes from the input alone, before it writes anything. Unlike a
 * {@link dev.probation.detect.Detector}, a monitor sees the request as sent, framing and all, because
 * the framing is what it watches the model react to. The gateway runs it on the recorder's thread,
 * after the exchange (it neither delays nor blocks the answer), on every answered live exchange, and
 * records its verdict beside the detectors'; drift baselines, metrics and the dashboard treat it as
 * one of them. Shadow calls are not read: they add the very framing a framing probe registers.
 *
 * <p>Implementations must be thread-safe and must not throw: a monitor that cannot read a request
 * returns {@link Verdict#failed}.
 */
public interface InputMonitor {

    /** The name its verdicts carry, e.g. {@code probe}; distinct from every detector's. */
    String name();

    /**
     * Whether this monitor reads requests for {@code model} (the request's {@code model} field): a probe
     * fits the weights of one model, and a gateway may front several. Default: every request.
     */
    default boolean reads(String model) {
        return true;
    }

    /**
     * Reads one request.
     *
     * @param system the request's system instructions (all of them, in order), or "" when none
     * @param user   the last user message, or "" when none
     */
    Verdict read(String system, String user);

    /**
     * Whether a verdict belongs to the population whose flag rate the drift test holds to its baseline,
     * as {@link dev.probation.detect.Detector#counts}. Default: every valid verdict. A probe that reads
     * where the model's answer reaches a call leaves out requests whose answer never did.
     */
    default boolean counts(Verdict verdict) {
        return verdict.valid();
    }
}
