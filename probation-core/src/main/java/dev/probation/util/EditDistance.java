package dev.probation.util;

import java.util.Optional;

/**
 * Levenshtein distance, for "did you mean" hints on mistyped field and option names (internal; not
 * part of the API).
 */
public final class EditDistance {

    private EditDistance() {}

    /** The fewest insertions, deletions and substitutions that turn one string into the other. */
    public static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The candidate nearest to {@code typed} (the first of equally near ones), if within {@code limit} edits. */
    public static Optional<String> closest(String typed, Iterable<String> candidates, int limit) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = between(typed, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }
}
