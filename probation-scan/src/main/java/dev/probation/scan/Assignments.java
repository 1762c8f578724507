package dev.probation.scan;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The literals a file assigns to names, found in one pass over the source: a search per name that a
 * rule asked about took time proportional to the names times the length, quadratic on minified code.
 * The first assignment of a name counts.
 */
final class Assignments {

    /** {@code ALGORITHM = "SHA1withRSA"}, {@code key: 'secret'}, {@code QUERY = """..."""}: the text inside the quotes. */
    private static final Pattern CONSTANT = Pattern.compile("(?s)(?<![\\w$])([\\w$]++)\\s*+[:=]\\s*+"
            + "(?:\"\"\"(.{0,4000}?)\"\"\"|'''(.{0,4000}?)'''|[\"']([^\"'\\n]{0,4000})[\"'])");
    /** {@code SAFE = re.compile(r'^\w+$')}, {@code ID = /^\d+$/}: the pattern as written, quotes and slashes included. */
    private static final Pattern REGEX = Pattern.compile("(?<![\\w$])([\\w$]++)\\s*+=\\s*+"
            + "(?:re\\.compile\\(\\s*+|Pattern\\.compile\\(\\s*+)?([rb]*+(?:\"[^\"\\n]*+\"|'[^'\\n]*+')|/(?:[^/\\\\\\n]|\\\\.)*+/[a-z]*+)");

    private final Map<String, String> constants;
    private final Map<String, String> patterns;

    Assignments(String source) {
        constants = index(CONSTANT, source, m -> m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
        patterns = index(REGEX, source, m -> m.group(2));
    }

    /** The string literal first assigned to the name, without quotes, or null. */
    String constant(String name) {
        return constants.get(name);
    }

    /** The pattern literal first assigned to the name, as written, or null. */
    String pattern(String name) {
        return patterns.get(name);
    }

    private static Map<String, String> index(Pattern pattern, String source, Function<Matcher, String> value) {
        Map<String, String> found = new HashMap<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            found.putIfAbsent(m.group(1), value.apply(m));
        }
        return found;
    }
}
