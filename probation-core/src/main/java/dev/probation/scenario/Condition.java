package dev.probation.scenario;

import java.util.Objects;

/** A cue family and one of its sides: the framing under which a scenario is sent. */
public record Condition(String family, Side side) {

    public Condition {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(side, "side");
    }

    @Override
    public String toString() {
        return family + "/" + side.id();
    }
}
