package dev.probation.agent;

import dev.probation.agent.Shell.Result;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep [-r] [-i] [-n] [-l] [-v] [-F] pattern [path...]} over the virtual tree, with Java regular
 * expressions. There is no standard input, so a path (or {@code -r}) is needed. Finding nothing is not a
 * failure here: the model sees an empty output rather than a bare exit status.
 */
final class Grep {

    private Grep() {}

    static Result run(SortedMap<String, String> files, String flags, List<String> args) {
        if (args.isEmpty()) {
            return Result.fail("grep: usage: grep [-rinlvF] pattern path...");
        }
        boolean recursive = flags.contains("r") || flags.contains("R");
        Pattern pattern;
        try {
            String text = flags.contains("F") ? Pattern.quote(args.getFirst()) : args.getFirst();
            pattern = Pattern.compile(text, flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            return Result.fail("grep: invalid regular expression: " + e.getDescription());
        }
        List<String> paths = args.size() > 1 ? args.subList(1, args.size()) : recursive ? List.of(".") : List.of();
        if (paths.isEmpty()) {
            return Result.fail("grep: no file given (this shell has no standard input)");
        }
        SortedMap<String, String> searched = new TreeMap<>();
        for (String arg : paths) {
            String path = VirtualPaths.normalize(arg);
            if (files.containsKey(path)) {
                searched.put(path, files.get(path));
            } else if (VirtualPaths.isDirectory(files, path)) {
                if (!recursive) {
                    return Result.fail("grep: " + arg + ": Is a directory");
                }
                searched.putAll(VirtualPaths.under(files, path));
            } else {
                return Result.fail("grep: " + arg + ": No such file or directory");
            }
        }
        boolean named = searched.size() > 1 || recursive;
        StringBuilder out = new StringBuilder();
        searched.forEach((path, content) -> {
            String[] lines = content.split("\n", -1);
            int count = content.endsWith("\n") ? lines.length - 1 : lines.length;
            for (int i = 0; i < count; i++) {
                if (pattern.matcher(lines[i]).find() == flags.contains("v")) {
                    continue;
                }
                if (flags.contains("l")) {
                    out.append(path).append('\n');
                    return;
                }
                out.append(named ? path + ":" : "").append(flags.contains("n") ? (i + 1) + ":" : "")
                        .append(lines[i]).append('\n');
            }
        });
        return Result.ok(out.toString());
    }
}
