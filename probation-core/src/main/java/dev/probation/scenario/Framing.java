package dev.probation.scenario;

import java.util.Objects;

/**
 * One side of a cue family as text: added to the system prompt, and put before or after the user's
 * message. Any part may be empty.
 */
public record Framing(String system, String userPrefix, String userSuffix) {

    public static final Framing NONE = new Framing("", "", "");

    public Framing {
        system = Objects.requireNonNullElse(system, "");
        userPrefix = Objects.requireNonNullElse(userPrefix, "");
        userSuffix = Objects.requireNonNullElse(userSuffix, "");
    }

    public boolean isEmpty() {
        return system.isEmpty() && userPrefix.isEmpty() && userSuffix.isEmpty();
    }
}
