package dev.probation.cli;

import dev.probation.util.EditDistance;
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
        return EditDistance.closest(typed, names, Math.max(2, typed.length() / 4));
    }
}
