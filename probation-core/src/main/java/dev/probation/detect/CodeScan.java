package dev.probation.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical views of one code block shared by the language rules: calls with their arguments (string-
 * and bracket-aware), the expressions assigned to a name, and line numbers.
 */
final class CodeScan {

    static final Pattern SQL = Pattern.compile("(?i)\\b(?:select\\s.+\\sfrom|insert\\s+into|update\\s+\\w+\\s+set|delete\\s+from"
            + "|where\\s+\\w+\\s*(?:=|like|in)|order\\s+by|drop\\s+table|create\\s+table)");

    /** A call found in the code: where it starts, its raw argument text and its top-level arguments. */
    record Call(int start, int end, String args, List<String> arguments, int line) {
        String first() {
            return arguments.isEmpty() ? "" : arguments.getFirst().strip();
        }
    }

    private final String code;

    CodeScan(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    /** Calls whose callee (the text just before the opening parenthesis) matches {@code callee}. */
    List<Call> calls(Pattern callee) {
        List<Call> calls = new ArrayList<>();
        Matcher matcher = callee.matcher(code);
        while (matcher.find()) {
            int open = code.indexOf('(', matcher.end() - 1);
            if (open < 0 || open >= matcher.end() && !code.substring(matcher.end(), open).isBlank()) {
                continue;
            }
            int close = closing(code, open);
            String args = code.substring(open + 1, close < 0 ? code.length() : close);
            calls.add(new Call(matcher.start(), close < 0 ? code.length() : close + 1, args, split(args), lineOf(matcher.start())));
        }
        return calls;
    }

    /** The 1-based lines on which {@code pattern} matches (once per match). */
    List<Integer> matchLines(Pattern pattern) {
        List<Integer> lines = new ArrayList<>();
        Matcher matcher = pattern.matcher(code);
        while (matcher.find()) {
            lines.add(lineOf(matcher.start()));
        }
        return lines;
    }

    /** Expressions assigned to {@code name} anywhere in the code ({@code name = ...}, {@code name += ...}). */
    List<String> assignedTo(String name) {
        List<String> values = new ArrayList<>();
        Pattern assignment = Pattern.compile("(?m)(?<![\\w.])" + Pattern.quote(name)
                + "(?:\\s*:\\s*[\\w\\[\\], .]+)?\\s*(?:\\+=|=)(?!=)\\s*");
        Matcher matcher = assignment.matcher(code);
        while (matcher.find()) {
            values.add(statement(matcher.end()));
        }
        return values;
    }

    /** The statement starting at {@code from}: to the end of the line, or further while brackets are open. */
    String statement(int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case ';' -> {
                    if (depth <= 0) {
                        return code.substring(from, i);
                    }
                }
                case '\n' -> {
                    if (depth <= 0 && !code.substring(from, i).stripTrailing().endsWith("+")) {
                        return code.substring(from, i);
                    }
                }
                default -> { }
            }
        }
        return code.substring(from);
    }

    int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    String lineText(int line) {
        String[] lines = code.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "";
    }

    /** Index of the bracket closing the one at {@code open}, skipping strings; -1 if unbalanced. */
    static int closing(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Splits an argument list at top-level commas. */
    static List<String> split(String args) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(args.substring(start, i));
                start = i + 1;
            }
        }
        if (!args.substring(start).isBlank()) {
            parts.add(args.substring(start));
        }
        return parts;
    }

    /** Whether {@code expression} is a bare identifier (possibly dotted), e.g. {@code query} or {@code self.sql}. */
    static boolean isIdentifier(String expression) {
        return expression.strip().matches("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*");
    }
}
