package dev.probation.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * "Did you mean" for a mistyped option. Picocli suggests options that share the first two letters
 * ({@code --sample} → {@code --samples}) but not a typo inside a name ({@code --halp} → {@code --help}),
 * so the closest name by edit distance is offered when picocli has nothing.
 */
final class Suggestions {

    private Suggestions() {}

    static void print(CommandLine.ParameterException exception, java.io.PrintWriter err) {
        if (UnmatchedArgumentException.printSuggestions(exception, err)) {
            return;
        }
        if (exception instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().getFirst().split("=", 2)[0];
            closestOption(typed, exception.getCommandLine()).ifPresent(name -> err.println("Did you mean: " + name + "?"));
        }
    }

    static Optional<String> closestOption(String typed, CommandLine command) {
        if (!typed.startsWith("--")) {
            return Optional.empty();
        }
        List<String> names = command.getCommandSpec().optionsMap().keySet().stream().filter(n -> n.startsWith("--")).toList();
        return names.stream().min(Comparator.comparingInt(n -> distance(typed, n)))
                .filter(n -> distance(typed, n) <= Math.max(2, typed.length() / 4));
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
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
}
