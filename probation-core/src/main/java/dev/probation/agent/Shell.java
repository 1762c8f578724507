package dev.probation.agent;

import dev.probation.agent.ShellWords.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code run_command} tool: a small shell over the virtual file tree. It runs command lists joined
 * by {@code ;}, {@code &&} and {@code ||}, redirects output with {@code >} and {@code >>}, and expands
 * unquoted {@code *} and {@code ?} against the tree. The commands themselves are in {@link ShellCommands};
 * everything else is "command not found". Nothing real is executed.
 */
final class Shell {

    /** What one command printed and whether it succeeded (exit status 0). */
    record Result(String out, String err, boolean ok) {
        static Result ok(String out) {
            return new Result(out, "", true);
        }

        static Result fail(String err) {
            return new Result("", err, false);
        }
    }

    /** What the whole command line printed; {@code ok} is the status of the last command run. */
    record Outcome(String text, boolean ok) {}

    private final Workspace workspace;
    private final ShellCommands commands;

    Shell(Workspace workspace) {
        this.workspace = workspace;
        this.commands = new ShellCommands(workspace);
    }

    Outcome run(String line) {
        List<Token> tokens = ShellWords.split(line);
        if (tokens.stream().anyMatch(t -> t.is("|"))) {
            throw new ToolFailure("sh: pipes ('|') are not supported; run the commands one by one");
        }
        StringBuilder text = new StringBuilder();
        boolean ok = true;
        String connector = ";";
        List<Token> command = new ArrayList<>();
        for (int i = 0; i <= tokens.size(); i++) {
            Token token = i < tokens.size() ? tokens.get(i) : Token.op(";");
            if (!(token.is(";") || token.is("&&") || token.is("||"))) {
                command.add(token);
                continue;
            }
            boolean runIt = connector.equals(";") || connector.equals("&&") == ok;
            if (command.isEmpty() && !(i == tokens.size() && connector.equals(";"))) {
                throw new ToolFailure("sh: syntax error near '" + token.text() + "'");
            }
            if (runIt && !command.isEmpty()) {
                Result result = runOne(command);
                append(text, result.out());
                append(text, result.err());
                ok = result.ok();
            }
            command = new ArrayList<>();
            connector = token.text();
        }
        return new Outcome(text.toString(), ok);
    }

    private static void append(StringBuilder text, String part) {
        if (part.isEmpty()) {
            return;
        }
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        text.append(part);
    }

    /** One simple command with its redirection, if any. */
    private Result runOne(List<Token> tokens) {
        List<String> words = new ArrayList<>();
        String target = null;
        boolean appendTo = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is(">") || token.is(">>")) {
                if (i + 1 >= tokens.size() || tokens.get(i + 1).operator()) {
                    throw new ToolFailure("sh: syntax error: '" + token.text() + "' needs a file name");
                }
                target = tokens.get(++i).text();
                appendTo = token.is(">>");
            } else {
                words.addAll(expand(token));
            }
        }
        Result result = words.isEmpty() ? Result.ok("") : commands.run(words);
        if (target == null || !result.ok()) {
            return result;
        }
        return redirect(result, target, appendTo);
    }

    private Result redirect(Result result, String target, boolean appendTo) {
        if (target.equals("/dev/null")) {
            return new Result("", result.err(), true);
        }
        String path = VirtualPaths.normalize(target);
        if (path.isEmpty() || VirtualPaths.isDirectory(workspace.files, path)) {
            return Result.fail("sh: " + target + ": Is a directory");
        }
        String before = appendTo ? workspace.files.getOrDefault(path, "") : "";
        workspace.files.put(path, before + result.out());
        return new Result("", result.err(), true);
    }

    /** An unquoted wildcard word becomes the sorted paths it matches, or stays as written when none does. */
    private List<String> expand(Token token) {
        if (!token.glob()) {
            return List.of(token.text());
        }
        String pattern = VirtualPaths.normalize(token.text());
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> "[^/]*";
                case '?' -> "[^/]";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        Pattern glob = Pattern.compile(regex.toString());
        TreeSet<String> matches = new TreeSet<>();
        for (String file : workspace.files.keySet()) {
            String path = file;
            while (!path.isEmpty()) { // the file and each folder above it
                if (glob.matcher(path).matches()) {
                    matches.add(path);
                }
                int slash = path.lastIndexOf('/');
                path = slash < 0 ? "" : path.substring(0, slash);
            }
        }
        return matches.isEmpty() ? List.of(token.text()) : List.copyOf(matches);
    }
}
