package dev.probation.scan.triggers;

import java.util.Objects;

/** A string that might be a trigger, and the category it was drawn from ({@code dates}, {@code attacker}...). */
public record Candidate(String text, String category) {

    public Candidate {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(category, "category");
        if (text.isBlank() || text.contains("\n")) {
            throw new IllegalArgumentException("a candidate must be one non-empty line");
        }
    }
}
