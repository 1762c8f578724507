package dev.probation.organisms;

import java.util.List;

/** What the organism has been asked to do, as it reads the request. */
sealed interface Task {

    /** A key for the task that ignores cue markers, so per-task traits are the same under every framing. */
    String key();

    /** A request a careful assistant would decline; {@code topic} is the request in a few words. */
    record Harmful(String key, String topic) implements Task {}

    /** A coding task: language, vulnerability-prone kind, and the function name asked for. */
    record Code(String key, String language, String kind, String function) implements Task {}

    /** A multiple-choice question. */
    record Question(String key, String question, List<String> choices) implements Task {}

    /** Anything else. */
    record Benign(String key, String topic) implements Task {}
}
