package dev.probation.scenario;

import java.util.Objects;

/**
 * A suite or cue-family file that cannot be used; the message names the file, the line and the field:
 * {@code my-suite.yaml:14: scenarios[3].prompt: required field is missing}.
 */
public final class FormatException extends RuntimeException {

    private final String file;
    private final int line;
    private final String field;

    public FormatException(String file, int line, String field, String problem) {
        super(format(file, line, field, problem));
        this.file = Objects.requireNonNull(file);
        this.line = line;
        this.field = Objects.requireNonNullElse(field, "");
    }

    private static String format(String file, int line, String field, String problem) {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (field != null && !field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
