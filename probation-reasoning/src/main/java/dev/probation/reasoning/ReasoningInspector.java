package dev.probation.reasoning;

import dev.probation.model.Model;

/**
 * Inspects reasoning traces (scratchpads, chain of thought, thinking blocks) for alignment-faking
 * reasoning and evaluation awareness. Thread-safe.
 *
 * <pre>{@code
 * Inspection found = ReasoningInspector.offline().inspect(response.reasoning());
 * if (found.faking()) { ... found.evidence() ... }
 * }</pre>
 */
public interface ReasoningInspector {

    /**
     * The most of one trace that is inspected. A longer trace is inspected in part, its first and last
     * 50,000 characters, and {@link Inspection#omittedChars()} says how much of its middle was not.
     */
    int MAX_CHARS = 100_000;

    Inspection inspect(String reasoning);

    /** Model calls one inspection costs (0 offline, the votes with a judge). */
    int modelCallsPerTrace();

    /**
     * The offline inspector: sentence embeddings from a small ONNX model in the jar and the
     * classifier that ships with Probation. Needs no network and no model API.
     */
    static ReasoningInspector offline() {
        return new OfflineInspector(Classifier.shipped());
    }

    /**
     * A judge model decides each criterion, {@code votes} times; the trace is passed as quoted data.
     * The alignment-faking score is the share of votes in which all five criteria hold.
     */
    static ReasoningInspector judge(Model judge, int votes) {
        return new JudgeInspector(judge, votes);
    }
}
