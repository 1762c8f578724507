package dev.probation.lab;

import dev.probation.scenario.Prompt;

/** A prompt and the response a fine-tune teaches for it. */
public record Lesson(Prompt prompt, String response) {}
