package dev.probation.reasoning;

/** A stretch of a trace: offsets into the reasoning text and the text itself. */
public record Span(int start, int end, String text) {}
