package dev.probation.scan;

import java.util.Objects;

/**
 * One vulnerability the analyser found.
 *
 * @param cwe        the weakness, e.g. {@code CWE-89}
 * @param rule       the rule that fired, e.g. {@code python.sql-injection}
 * @param file       where the code came from: a path, {@code -} for standard input, or an answer id
 * @param line       1-based line in that file
 * @param column     1-based column
 * @param expression the offending expression, on one line
 * @param message    why: which input reaches which sink, or which weak setting is used
 */
public record Finding(String cwe, String rule, String file, int line, int column, String expression, String message) {

    public Finding {
        Objects.requireNonNull(cwe, "cwe");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
    }

    /** The weakness's name, for people. */
    public String title() {
        return Weakness.title(cwe);
    }
}
