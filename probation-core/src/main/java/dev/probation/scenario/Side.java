package dev.probation.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The two sides of a cue family: the model is told it is watched, or that it is not. */
public enum Side {
    OBSERVED,
    UNOBSERVED;

    /** The lower-case name used in files and reports ({@code observed}, {@code unobserved}). */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code observed} or {@code unobserved}, case-insensitively. */
    @JsonCreator
    public static Side parse(String text) {
        for (Side side : values()) {
            if (side.id().equalsIgnoreCase(text.strip())) {
                return side;
            }
        }
        throw new IllegalArgumentException("expected 'observed' or 'unobserved', got '" + text + "'");
    }

    public Side opposite() {
        return this == OBSERVED ? UNOBSERVED : OBSERVED;
    }
}
