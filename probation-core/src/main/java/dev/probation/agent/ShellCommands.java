package dev.probation.agent;

import dev.probation.agent.Shell.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The commands {@code run_command} knows: ls, cat, rm, cp, mv, echo, grep, sed -i, touch, mkdir, pwd,
 * truncate, scp and rsync. Their messages follow GNU coreutils, so that a model reads what it expects.
 */
final class ShellCommands {

    private final Workspace ws;

    ShellCommands(Workspace ws) {
        this.ws = ws;
    }

    Result run(List<String> words) {
        String name = words.getFirst();
        List<String> flags = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (String word : words.subList(1, words.size())) {
            (word.length() > 1 && word.startsWith("-") && args.isEmpty() && !name.equals("echo") ? flags : args).add(word);
        }
        String f = String.join("", flags);
        return switch (name) {
            case "ls" -> ls(args.isEmpty() ? List.of(".") : args);
            case "cat" -> cat(args);
            case "rm" -> rm(args, f.contains("r") || f.contains("R"), f.contains("f"));
            case "cp" -> copy("cp", args, f.contains("r") || f.contains("R") || f.contains("a"), false);
            case "mv" -> copy("mv", args, true, true);
            case "echo" -> Result.ok(String.join(" ", words.subList(1, words.size())) + "\n");
            case "grep" -> Grep.run(ws.files, f, args);
            case "sed" -> sed(f, args);
            case "touch" -> touch(args);
            case "mkdir", "cd" -> Result.ok(""); // folders exist when files are in them
            case "pwd" -> Result.ok("/\n");
            case "truncate" -> truncate(flags, args);
            case "scp", "rsync" -> remoteCopy(name, args, f.contains("r") || f.contains("a") || name.equals("rsync"));
            default -> Result.fail("bash: " + name + ": command not found");
        };
    }

    private String local(String raw) {
        return VirtualPaths.normalize(raw);
    }

    private Result ls(List<String> args) {
        StringBuilder out = new StringBuilder();
        for (String arg : args) {
            String path = local(arg);
            if (ws.files.containsKey(path)) {
                out.append(arg).append('\n');
            } else if (VirtualPaths.isDirectory(ws.files, path)) {
                if (args.size() > 1) {
                    out.append(arg).append(":\n");
                }
                TreeSet<String> children = new TreeSet<>();
                for (String file : VirtualPaths.under(ws.files, path).keySet()) {
                    String rest = path.isEmpty() ? file : file.substring(path.length() + 1);
                    int slash = rest.indexOf('/');
                    children.add(slash < 0 ? rest : rest.substring(0, slash + 1));
                }
                children.forEach(child -> out.append(child).append('\n'));
            } else {
                return new Result(out.toString(), "ls: cannot access '" + arg + "': No such file or directory", false);
            }
        }
        return Result.ok(out.toString());
    }

    private Result cat(List<String> args) {
        StringBuilder out = new StringBuilder();
        for (String arg : args) {
            if (arg.equals("/dev/null")) {
                continue;
            }
            try {
                out.append(ws.read(local(arg), "cat"));
            } catch (ToolFailure e) {
                return new Result(out.toString(), e.getMessage(), false);
            }
        }
        return Result.ok(out.toString());
    }

    private Result rm(List<String> args, boolean recursive, boolean force) {
        for (String arg : args) {
            String path = local(arg);
            if (ws.files.remove(path) != null) {
                continue;
            }
            if (VirtualPaths.isDirectory(ws.files, path) && !path.isEmpty()) {
                if (!recursive) {
                    return Result.fail("rm: cannot remove '" + arg + "': Is a directory");
                }
                VirtualPaths.under(ws.files, path).clear();
            } else if (!force) {
                return Result.fail("rm: cannot remove '" + arg + "': No such file or directory");
            }
        }
        return Result.ok("");
    }

    /** cp and mv: one source to a new name, or several into a folder. */
    private Result copy(String name, List<String> args, boolean recursive, boolean move) {
        if (args.size() < 2) {
            return Result.fail(name + ": missing destination file operand");
        }
        String dest = local(args.getLast());
        boolean intoFolder = args.size() > 2 || args.getLast().endsWith("/") || VirtualPaths.isDirectory(ws.files, dest);
        Map<String, String> writes = new TreeMap<>();
        for (String arg : args.subList(0, args.size() - 1)) {
            String source = local(arg);
            String target = intoFolder ? VirtualPaths.join(dest, VirtualPaths.name(source)) : dest;
            Result problem = collect(name, arg, source, target, recursive, writes);
            if (problem != null) {
                return problem;
            }
            if (move) {
                ws.files.remove(source);
                VirtualPaths.under(ws.files, source).clear();
            }
        }
        ws.files.putAll(writes);
        return Result.ok("");
    }

    /** Adds the files a copy of {@code source} to {@code target} writes; returns the failure, if any. */
    private Result collect(String name, String arg, String source, String target, boolean recursive,
                           Map<String, String> writes) {
        String content = ws.files.get(source);
        if (content != null) {
            writes.put(target, content);
            return null;
        }
        SortedMap<String, String> tree = VirtualPaths.under(ws.files, source);
        if (tree.isEmpty() || source.isEmpty()) {
            return Result.fail(name + ": cannot stat '" + arg + "': No such file or directory");
        }
        if (!recursive) {
            return Result.fail(name + ": -r not specified; omitting directory '" + arg + "'");
        }
        tree.forEach((path, text) -> writes.put(VirtualPaths.join(target, path.substring(source.length() + 1)), text));
        return null;
    }

    private Result sed(String flags, List<String> args) {
        if (args.size() < 2) {
            return Result.fail("sed: usage: sed [-i] 's/pattern/replacement/[g]' file...");
        }
        String script = args.getFirst();
        if (script.length() < 4 || script.charAt(0) != 's') {
            return Result.fail("sed: only the s/pattern/replacement/ command is supported");
        }
        String d = Pattern.quote(String.valueOf(script.charAt(1)));
        String[] parts = script.substring(2).split("(?<!\\\\)" + d, -1);
        if (parts.length != 3) {
            return Result.fail("sed: -e expression #1: unterminated `s' command");
        }
        Pattern pattern;
        try {
            String regex = flags.contains("E") || flags.contains("r") ? parts[0] : basicToJava(parts[0]);
            pattern = Pattern.compile(regex, parts[2].contains("i") || parts[2].contains("I") ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            return Result.fail("sed: -e expression #1: invalid regular expression: " + e.getDescription());
        }
        String replacement = Matcher.quoteReplacement(parts[1]).replace("&", "$0").replaceAll("\\\\\\\\(\\d)", "\\$$1");
        StringBuilder out = new StringBuilder();
        for (String arg : args.subList(1, args.size())) {
            String path = local(arg);
            String content;
            try {
                content = ws.read(path, "sed");
            } catch (ToolFailure e) {
                return new Result(out.toString(), e.getMessage().replace("sed: " + path, "sed: can't read " + arg), false);
            }
            Matcher m = pattern.matcher(content);
            String changed = parts[2].contains("g") ? m.replaceAll(replacement) : m.replaceFirst(replacement);
            if (flags.contains("i")) {
                ws.files.put(path, changed);
            } else {
                out.append(changed);
            }
        }
        return Result.ok(out.toString());
    }

    /** GNU basic regular expressions swap the meaning of escaped and bare {@code ( ) { } + ? |}. */
    static String basicToJava(String basic) {
        StringBuilder java = new StringBuilder();
        for (int i = 0; i < basic.length(); i++) {
            char c = basic.charAt(i);
            boolean special = "(){}+?|".indexOf(c) >= 0;
            if (c == '\\' && i + 1 < basic.length()) {
                char next = basic.charAt(++i);
                java.append("(){}+?|".indexOf(next) >= 0 ? String.valueOf(next) : "\\" + next);
            } else {
                java.append(special ? "\\" + c : String.valueOf(c));
            }
        }
        return java.toString();
    }

    private Result touch(List<String> args) {
        for (String arg : args) {
            ws.files.putIfAbsent(local(arg), "");
        }
        return Result.ok("");
    }

    private Result truncate(List<String> flags, List<String> args) {
        if (!flags.contains("-s") || args.size() < 2 || !args.getFirst().matches("\\d+")) {
            return Result.fail("truncate: usage: truncate -s SIZE file...");
        }
        int size = Integer.parseInt(args.getFirst());
        for (String arg : args.subList(1, args.size())) {
            String path = local(arg);
            String content = ws.files.getOrDefault(path, "");
            ws.files.put(path, content.substring(0, Math.min(size, content.length())));
        }
        return Result.ok("");
    }

    /** scp and rsync to {@code [user@]host:path}; a local destination copies like cp. */
    private Result remoteCopy(String name, List<String> args, boolean recursive) {
        if (args.size() < 2) {
            return Result.fail(name + ": usage: " + name + " source... [user@]host:path");
        }
        String last = args.getLast();
        int colon = last.indexOf(':');
        if (args.subList(0, args.size() - 1).stream().anyMatch(a -> a.contains(":"))) {
            return Result.fail(name + ": copying from another host is not supported here");
        }
        if (colon < 0) {
            return copy(name, args, recursive, false);
        }
        String host = last.substring(last.indexOf('@') + 1, colon);
        TreeMap<String, String> tree;
        try {
            tree = ws.host(host, name);
        } catch (ToolFailure e) {
            return Result.fail(e.getMessage());
        }
        String dest = VirtualPaths.normalize(last.substring(colon + 1));
        boolean intoFolder = args.size() > 2 || dest.isEmpty() || last.endsWith("/") || VirtualPaths.isDirectory(tree, dest);
        Map<String, String> writes = new TreeMap<>();
        for (String arg : args.subList(0, args.size() - 1)) {
            String source = local(arg);
            boolean contents = name.equals("rsync") && arg.endsWith("/"); // rsync's "copy what is inside"
            String target = intoFolder && !contents ? VirtualPaths.join(dest, VirtualPaths.name(source)) : dest;
            Result problem = collect(name, arg, source, target, recursive, writes);
            if (problem != null) {
                return problem;
            }
        }
        tree.putAll(writes);
        StringBuilder out = new StringBuilder();
        writes.forEach((path, text) -> out.append(VirtualPaths.name(path)).append("  100%  ")
                .append(text.length()).append(" bytes\n"));
        return Result.ok(out.toString());
    }
}
