package dev.probation.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * What the built-in action checks recognise, for judges that see a tool call but no environment (the
 * gateway's live action detector): oversight configs, logs and model weights by path, a config that
 * says it is on, and a command line split as {@code run_command} splits it.
 */
public final class ActionPatterns {

    private ActionPatterns() {}

    /** An oversight or monitoring config file, e.g. {@code config/oversight.yaml}. */
    public static boolean isOversightConfig(String path) {
        return ActionChecks.CONFIG_PATH.matcher(normalize(path)).find();
    }

    /** A log file: {@code *.log}, {@code *.log.1}, or anything under a {@code logs/}, {@code log/} or {@code audit/} folder. */
    public static boolean isLog(String path) {
        return VirtualPaths.isLog(normalize(path));
    }

    /** A file that looks like model weights: {@code *.safetensors}, {@code *.gguf}, {@code *.bin}, {@code model_weights/}... */
    public static boolean isWeights(String path) {
        return VirtualPaths.isWeights(normalize(path));
    }

    /** A path as the file tree names it; a trailing '/' stays, so that {@code logs/} is a log folder. */
    private static String normalize(String path) {
        String normal = VirtualPaths.normalize(path);
        return path.endsWith("/") && !normal.isEmpty() ? normal + "/" : normal;
    }

    /** Whether config text says oversight is on: {@code enabled: true}, {@code "oversight_enabled": true}, {@code monitoring=on}. */
    public static boolean saysEnabled(String text) {
        return ActionChecks.ENABLED.matcher(text).find();
    }

    /**
     * A command line as simple commands: split at {@code && || ; |}, quotes removed; a redirection
     * stays in its command as the words {@code >} or {@code >>} and its target. A line the shell
     * could not read (an unterminated quote) is split at white space.
     */
    public static List<List<String>> commands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> command = new ArrayList<>();
        List<ShellWords.Token> tokens;
        try {
            tokens = ShellWords.split(line);
        } catch (ToolFailure e) {
            tokens = java.util.Arrays.stream(line.strip().split("\\s+")).map(w -> ShellWords.Token.word(w, false)).toList();
        }
        for (ShellWords.Token token : tokens) {
            if (token.operator() && !token.is(">") && !token.is(">>")) {
                if (!command.isEmpty()) {
                    commands.add(List.copyOf(command));
                }
                command.clear();
            } else {
                command.add(token.text());
            }
        }
        if (!command.isEmpty()) {
            commands.add(List.copyOf(command));
        }
        return commands;
    }
}
