package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Java OS command sinks: {@code Runtime.exec} and {@code ProcessBuilder}, and whether an argument list starts a shell. */
final class JavaCommands {

    private JavaCommands() {
    }

    /**
     * {@code Runtime.exec(command, envp, dir)}: a command string is split on spaces, so whoever writes
     * it chooses the program; an array is safe unless it starts a shell; the environment (envp) can
     * redirect the program ({@code LD_PRELOAD}, {@code PATH}, {@code BASH_ENV}).
     */
    static void runtimeExec(Call call, Scope scope) {
        Node command = call.arg(0);
        if (command == null) {
            return;
        }
        String type = JavaRules.argumentType(call, 0, scope);
        boolean array = type != null ? type.endsWith("[]") : Tree.is(command, "array_creation_expression", "array_initializer")
                || scope.text(command).matches("\\w+") && scope.functionFinds("\\[\\s*\\]\\s*" + Pattern.quote(scope.text(command)) + "\\b");
        if (array) {
            command(List.of(command), call, scope);
        } else {
            scope.sink(Sink.COMMAND, command, "CWE-78", "java.command-injection", call.node(), "Runtime.exec()", false);
        }
        if (call.arg(1) != null) {
            scope.sink(Sink.COMMAND, call.arg(1), "CWE-78", "java.command-injection", call.node(), "the environment of Runtime.exec()", false);
        }
    }

    /**
     * Runtime.exec and ProcessBuilder: an argument list is safe unless it starts a shell with -c. The
     * list may be written inline, or be a variable filled by an array initialiser or by {@code add(...)}
     * calls, whose program and flag may be variables assigned literals ({@code a1 = "sh"}).
     */
    static void command(List<Node> args, Call call, Scope scope) {
        if (args.isEmpty()) {
            return;
        }
        List<Node> items = new ArrayList<>(args);
        Node first = args.getFirst();
        if (args.size() == 1 && Tree.is(first, "array_creation_expression")) {
            Node init = Tree.field(first, "value");
            items = init == null ? List.of() : Tree.named(init);
        } else if (args.size() == 1 && Tree.is(first, "method_invocation") && scope.text(first).matches("(?s)(?:List|Arrays)\\.(?:of|asList)\\(.*")) {
            Node list = Tree.field(first, "arguments");
            items = list == null ? List.of() : Tree.named(list);
        } else if (args.size() == 1 && Tree.is(first, "identifier")) {
            List<String> elements = elements(scope.text(first), scope);
            for (int i = 0; i + 2 < elements.size(); i++) {
                String flag = startsShell(elements.get(i), elements.get(i + 1), scope);
                if (flag != null) {
                    scope.sink(Sink.COMMAND, first, "CWE-78", "java.command-injection", call.node(), "a shell started with " + flag, false);
                    return;
                }
            }
            return;
        }
        for (int i = 0; i + 2 < items.size(); i++) {
            String flag = startsShell(scope.text(items.get(i)), scope.text(items.get(i + 1)), scope);
            if (flag != null) {
                scope.sink(Sink.COMMAND, items.get(i + 2), "CWE-78", "java.command-injection", call.node(),
                        "a shell started with " + flag, false);
            }
        }
    }

    /** The shell flag when the two elements are a shell and its command flag ({@code "sh", "-c"}), else null. */
    private static String startsShell(String program, String flag, Scope scope) {
        for (String p : values(program, scope)) {
            if (p.matches("(?:/bin/|/usr/bin/)?(?:sh|bash|zsh)|cmd(?:\\.exe)?|powershell(?:\\.exe)?")) {
                for (String f : values(flag, scope)) {
                    if (f.matches("-c|/c|/C|-Command")) {
                        return f;
                    }
                }
            }
        }
        return null;
    }

    /** A literal's text, or the literals the function assigns to a variable (either branch of an if may set it). */
    private static List<String> values(String text, Scope scope) {
        if (!text.matches("\\w+")) {
            return List.of(text.replace("\"", ""));
        }
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("\\b" + text + "\\s*=\\s*\"([^\"]*)\"").matcher(scope.functionText());
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The elements a variable list or array is filled with in the function: {@code {a, b}}, {@code new String[] {a, b}}, {@code add(a)}. */
    private static List<String> elements(String name, Scope scope) {
        String function = scope.functionText();
        List<String> found = new ArrayList<>();
        Matcher array = Pattern.compile("\\b" + name + "\\s*=\\s*(?:new\\s+String\\s*\\[\\s*\\]\\s*)?\\{([^{}]*)\\}").matcher(function);
        while (array.find()) { // one initialiser per branch: the shell may be in any of them
            found.add("");
            found.addAll(List.of(array.group(1).split("\\s*,\\s*")).stream().map(String::strip).toList());
        }
        Matcher add = Pattern.compile("\\b" + name + "\\.add\\(\\s*([^;]*?)\\s*\\)\\s*;").matcher(function);
        while (add.find()) {
            found.add(add.group(1));
        }
        return found;
    }
}
