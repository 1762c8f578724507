package dev.probation.scan;

import java.util.regex.Pattern;

/**
 * A call named in a model: {@code mydb.run_sql} (a qualified function, method or constructor) or
 * {@code *.run_sql} (a method of that name on any receiver). {@link ModelNames} decides what a call's
 * qualified name is.
 *
 * @param text      as written in the model
 * @param qualifier what comes before the last segment ({@code mydb}), empty for a bare name, null for {@code *.}
 * @param name      the last segment: the function, method or class name
 */
record CallPattern(String text, String qualifier, String name) {

    /** Dotted names; a JavaScript module may hold {@code @}, {@code /} and {@code -} ({@code @hapi/hapi.Request.query}). */
    static final Pattern SYNTAX = Pattern.compile("(?:\\*\\.)?[\\w$@/-]+(?:\\.[\\w$@/-]+)*");

    /** Parses the text, which {@link #SYNTAX} must match. */
    static CallPattern parse(String text) {
        int dot = text.lastIndexOf('.');
        String name = text.substring(dot + 1);
        if (text.startsWith("*.")) {
            return new CallPattern(text, null, name);
        }
        return new CallPattern(text, dot < 0 ? "" : text.substring(0, dot), name);
    }

    /** {@code *.name}: any receiver. */
    boolean anyReceiver() {
        return qualifier == null;
    }

    /** The first {@code segments} segments: the module or package whose import lets a method match by name. */
    String root(int segments) {
        String[] parts = text.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(segments, parts.length)));
    }
}
