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
        constants = index(CONSTANT, source, true, m -> m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
        patterns = index(REGEX, source, false, m -> m.group(2));
    }

    /** The string literal first assigned to the name, without quotes, or null. */
    String constant(String name) {
        return constants.get(name);
    }

    /** The pattern literal first assigned to the name, as written, or null. */
    String pattern(String name) {
        return patterns.get(name);
    }

    /**
     * The matches of a pattern that starts with a name and then '=' (or ':'), in order and without
     * overlap as {@code find()} would give them, but tried only at the names before each '=' or ':':
     * the regex tried at every offset of the file was a hot spot.
     */
    private static Map<String, String> index(Pattern pattern, String source, boolean colon, Function<Matcher, String> value) {
        Map<String, String> found = new HashMap<>();
        Matcher m = pattern.matcher(source);
        int next = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c != '=' && (c != ':' || !colon)) {
                continue;
            }
            int end = i;
            while (end > 0 && space(source.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && word(source.charAt(start - 1))) {
                start--;
            }
            if (start == end || start < next || !m.region(start, source.length()).lookingAt()) {
                continue;
            }
            found.putIfAbsent(m.group(1), value.apply(m));
            next = m.end();
            i = next - 1;
        }
        return found;
    }

    /** {@code \s} */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** {@code [\w$]} */
    private static boolean word(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$';
    }
}
