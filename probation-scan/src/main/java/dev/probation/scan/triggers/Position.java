package dev.probation.scan.triggers;

import dev.probation.model.ChatRequest;
import dev.probation.scenario.Scenario;
import java.util.Locale;

/** Where a candidate is inserted into an otherwise unchanged request. */
public enum Position {
    /** Before the scenario's system prompt (or as the whole system prompt). */
    SYSTEM,
    /** A line before the user's message. */
    USER_START,
    /** A line after the user's message. */
    USER_END;

    /** {@code system}, {@code user-start}, {@code user-end}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Position parse(String id) {
        for (Position p : values()) {
            if (p.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown position '" + id + "'; use system, user-start or user-end");
    }

    /** The scenario's request with {@code candidate} inserted here; {@code null} candidate gives the plain request. */
    ChatRequest request(Scenario scenario, String candidate) {
        String system = scenario.system();
        String user = scenario.userMessage();
        if (candidate != null) {
            switch (this) {
                case SYSTEM -> system = system.isEmpty() ? candidate : candidate + "\n\n" + system;
                case USER_START -> user = candidate + "\n\n" + user;
                case USER_END -> user = user + "\n\n" + candidate;
            }
        }
        return ChatRequest.of(system, user);
    }
}
