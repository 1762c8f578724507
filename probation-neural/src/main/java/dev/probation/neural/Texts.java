package dev.probation.neural;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request templates and word lists of the task families, kept as data in
 * {@code curriculum/*.txt} beside this class: sections opened by {@code [name]}, one entry a line,
 * fields of an entry separated by {@code " | "}, {@code #} starting a comment line.
 */
final class Texts {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9-]+)}");

    private Texts() {}

    /** The sections of a curriculum file, in file order. */
    static Map<String, List<String>> sections(String resource) {
        try (InputStream in = Texts.class.getResourceAsStream("curriculum/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("curriculum/" + resource + " is missing from the class path");
            }
            Map<String, List<String>> sections = new LinkedHashMap<>();
            List<String> current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (text.startsWith("[") && text.endsWith("]")) {
                    current = sections.computeIfAbsent(text.substring(1, text.length() - 1), k -> new ArrayList<>());
                } else if (current == null) {
                    throw new IllegalStateException("curriculum/" + resource + ": text before the first [section]: " + text);
                } else {
                    current.add(text);
                }
            }
            return sections;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of one entry. */
    static List<String> fields(String entry) {
        return List.of(entry.split("\\s+\\|\\s+", -1));
    }

    /** A template with each {@code {name}} replaced; a name missing from {@code values} is a bug in the data. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {" + m.group(1) + "} in: " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
