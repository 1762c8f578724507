package dev.probation.reasoning;

/**
 * A quoted stretch of a trace that supports a criterion.
 *
 * @param criterion the criterion it supports
 * @param start     offset of its first character in the reasoning text
 * @param end       offset after its last character
 * @param text      the quoted text, exactly as in the trace
 */
public record Quote(Criterion criterion, int start, int end, String text) {}
