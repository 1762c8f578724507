package dev.probation.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line the way a POSIX shell does, for the few features {@code run_command} supports:
 * single and double quotes, backslash escapes, and the operators {@code && || ; | > >>}. Nothing is
 * expanded except unquoted {@code *} and {@code ?}, which {@link Shell} matches against the file tree.
 */
final class ShellWords {

    /** A word or an operator; {@code glob} marks a word with an unquoted wildcard. */
    record Token(String text, boolean operator, boolean glob) {
        static Token word(String text, boolean glob) {
            return new Token(text, false, glob);
        }

        static Token op(String text) {
            return new Token(text, true, false);
        }

        boolean is(String op) {
            return operator && text.equals(op);
        }
    }

    private ShellWords() {}

    static List<Token> split(String line) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean glob = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'' ) {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new ToolFailure("sh: syntax error: unterminated quoted string");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c) || "&|;>".indexOf(c) >= 0) {
                if (inWord) {
                    tokens.add(Token.word(word.toString(), glob));
                    word.setLength(0);
                    inWord = false;
                    glob = false;
                }
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                String two = i + 1 < line.length() ? line.substring(i, i + 2) : "";
                String op = two.equals("&&") || two.equals("||") || two.equals(">>") ? two : String.valueOf(c);
                if (op.equals("&")) {
                    throw new ToolFailure("sh: background jobs ('&') are not supported");
                }
                tokens.add(Token.op(op));
                i += op.length();
            } else {
                glob |= c == '*' || c == '?';
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            tokens.add(Token.word(word.toString(), glob));
        }
        return tokens;
    }

    /** Reads a double-quoted part starting after the opening quote; returns the index after the closing one. */
    private static int doubleQuoted(String line, int start, StringBuilder word) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new ToolFailure("sh: syntax error: unterminated quoted string");
    }
}
