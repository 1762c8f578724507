package dev.probation.scenario;

/** A rendered prompt: the system prompt (possibly empty) and the user's message. */
public record Prompt(String system, String user) {}
