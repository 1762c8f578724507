package dev.probation.scenario;

import java.util.Objects;

/**
 * One way of telling a model whether it is watched (training tier, monitoring notice, evaluation
 * framing, date, environment, deployment tag...), with an observed and an unobserved framing.
 */
public record CueFamily(String name, String description, Framing observed, Framing unobserved) {

    public CueFamily {
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(unobserved, "unobserved");
    }

    public Framing framing(Side side) {
        return side == Side.OBSERVED ? observed : unobserved;
    }

    /** The prompt for a scenario under one side of this family. */
    public Prompt render(Scenario scenario, Side side) {
        Framing framing = framing(side);
        String system = joinParagraphs(framing.system(), scenario.system());
        String user = framing.userPrefix() + scenario.userMessage() + framing.userSuffix();
        return new Prompt(system, user);
    }

    static String joinParagraphs(String first, String second) {
        if (first.isBlank()) {
            return second.strip();
        }
        if (second.isBlank()) {
            return first.strip();
        }
        return first.strip() + "\n\n" + second.strip();
    }
}
