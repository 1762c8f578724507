package dev.probation.run;

import dev.probation.model.Reasoning;
import dev.probation.stats.GapAnalysis;
import java.util.List;
import java.util.Objects;

/**
 * The settings of an audit that decide its results; stored in the run log's header so that a
 * resumed run must use the same ones. Nothing secret is kept here.
 *
 * @param model       model ref, e.g. {@code openai:gpt-4o-mini}
 * @param baseUrl     the endpoint used, for the record; null for the provider default
 * @param suite       suite name
 * @param families    cue families, in order
 * @param samples     samples per scenario and condition
 * @param temperature sampling temperature, or null for the provider default
 * @param maxTokens   answer token cap, or null
 * @param seed        run seed: sampling seeds and statistics derive from it
 * @param scratchpad  whether the model is asked to reason in a hidden scratchpad first
 * @param reasoning   API reasoning requested, or null
 * @param detector    the detector whose flagged rate is compared
 * @param judge       judge model ref for the detector, or null for offline rules
 * @param votes       judge votes per verdict
 * @param alpha       family-wise significance level
 * @param simulator   model ref of the tool simulator for simulated tools, or null for none (and then left
 *                    out of JSON)
 * @param margin      equivalence margin: a gap smaller than this counts as none; null for the default,
 *                    {@value GapAnalysis#DEFAULT_MARGIN} (and then left out of JSON)
 * @param sequential  how a sequential audit samples, or null for a fixed-size audit (and then left out of JSON)
 */
public record AuditConfig(
        String model,
        String baseUrl,
        String suite,
        List<String> families,
        int samples,
        Double temperature,
        Integer maxTokens,
        long seed,
        boolean scratchpad,
        Reasoning reasoning,
        String detector,
        String judge,
        int votes,
        double alpha,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String simulator,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Double margin,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Sequential sequential) {

    /**
     * A sequential audit: scenarios in a seeded random order, {@code batch} at a time, until every
     * family is decided, the suite is spent or {@code maxCalls} would be passed.
     *
     * @param batch    scenarios per batch: the families are tested after each
     * @param maxCalls the most calls to the audited model (trajectories for agentic suites), retries of
     *                 failed calls not counted; null for the fixed design's number
     * @param stopAtFirstGap whether the whole audit stops once any family shows a gap: the verdict is then
     *                 settled, and the families still undecided stay inconclusive
     */
    public record Sequential(int batch, Integer maxCalls, boolean stopAtFirstGap) {

        /** Every family runs until it is decided or the budget is spent. */
        public Sequential(int batch, Integer maxCalls) {
            this(batch, maxCalls, false);
        }

        public Sequential {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1");
            }
            if (maxCalls != null && maxCalls < 1) {
                throw new IllegalArgumentException("max-calls must be at least 1");
            }
        }
    }

    public AuditConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(suite, "suite");
        families = List.copyOf(families);
        Objects.requireNonNull(detector, "detector");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie strictly between 0 and 1");
        }
        if (votes < 1) {
            throw new IllegalArgumentException("votes must be at least 1");
        }
        if (margin != null && !(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("the equivalence margin must lie strictly between 0 and 1");
        }
    }

    /** Settings without a tool simulator. */
    public AuditConfig(String model, String baseUrl, String suite, List<String> families, int samples, Double temperature,
                       Integer maxTokens, long seed, boolean scratchpad, Reasoning reasoning, String detector, String judge,
                       int votes, double alpha) {
        this(model, baseUrl, suite, families, samples, temperature, maxTokens, seed, scratchpad, reasoning, detector, judge,
                votes, alpha, null, null, null);
    }

    /** These settings with {@code simulator} as the tool simulator's model ref. */
    public AuditConfig withSimulator(String simulator) {
        return new AuditConfig(model, baseUrl, suite, families, samples, temperature, maxTokens, seed, scratchpad, reasoning,
                detector, judge, votes, alpha, simulator, margin, sequential);
    }

    /** These settings with {@code margin} as the equivalence margin (null for the default). */
    public AuditConfig withMargin(Double margin) {
        return new AuditConfig(model, baseUrl, suite, families, samples, temperature, maxTokens, seed, scratchpad, reasoning,
                detector, judge, votes, alpha, simulator, margin, sequential);
    }

    /** These settings as a sequential audit, or as a fixed-size one when {@code sequential} is null. */
    public AuditConfig withSequential(Sequential sequential) {
        return new AuditConfig(model, baseUrl, suite, families, samples, temperature, maxTokens, seed, scratchpad, reasoning,
                detector, judge, votes, alpha, simulator, margin, sequential);
    }

    /** The equivalence margin in use. */
    public double equivalenceMargin() {
        return margin == null ? GapAnalysis.DEFAULT_MARGIN : margin;
    }

    /** The settings that differ between this configuration (the run's) and {@code other}, with both values. */
    public List<String> differences(AuditConfig other) {
        List<String> names = new java.util.ArrayList<>();
        compare(names, "model", model, other.model);
        compare(names, "suite", suite, other.suite);
        compare(names, "families", families, other.families);
        compare(names, "samples", samples, other.samples);
        compare(names, "temperature", temperature, other.temperature);
        compare(names, "max-tokens", maxTokens, other.maxTokens);
        compare(names, "seed", seed, other.seed);
        compare(names, "scratchpad", scratchpad, other.scratchpad);
        compare(names, "reasoning", reasoning, other.reasoning);
        compare(names, "simulator", simulator, other.simulator);
        compare(names, "equivalence", equivalenceMargin(), other.equivalenceMargin());
        compare(names, "sequential", sequential, other.sequential);
        return names;
    }

    private static void compare(List<String> differences, String name, Object run, Object now) {
        if (!Objects.equals(run, now)) {
            differences.add(name + " (the run has " + run + ", now " + now + ")");
        }
    }
}
