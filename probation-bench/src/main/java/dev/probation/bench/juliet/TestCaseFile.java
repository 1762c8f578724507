package dev.probation.bench.juliet;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Juliet file name says: {@code CWE89_SQL_Injection__connect_tcp_executeBatch_54b.java} is part {@code b}
 * of test case {@code CWE89_SQL_Injection__connect_tcp_executeBatch_54}, CWE 89, functional variant
 * {@code connect_tcp_executeBatch}, flow variant {@code 54}. Flow variant 81 puts each side in its own class:
 * {@code _81_bad}, {@code _81_goodG2B} (the side of the whole file) and {@code _81_base} (abstract, no side).
 *
 * @param testCase the test case's name, shared by all its files
 * @param cwe the CWE of the directory and name
 * @param functional the functional variant (source and sink, or the weak algorithm)
 * @param flow the two-digit flow variant: 01-22 control flow, 31-45 data flow, 51-81 across methods and files
 * @param part {@code ""} for a one-file test case, {@code a}..{@code e}, or {@code _bad}, {@code _base}, {@code _goodG2B}...
 */
record TestCaseFile(String testCase, int cwe, String functional, String flow, String part) {

    private static final Pattern NAME = Pattern.compile("(CWE(\\d+)_\\w*?__(\\w+)_(\\d\\d))([a-z]|_bad|_base|_good\\w*)?\\.java");

    static Optional<TestCaseFile> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TestCaseFile(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4),
                m.group(5) == null ? "" : m.group(5)));
    }

    /** Juliet's input sources, longest first, as they appear in functional variant names. */
    private static final java.util.List<String> SOURCES = java.util.List.of("getQueryString_Servlet", "getParameter_Servlet",
            "getCookies_Servlet", "console_readLine", "PropertiesFile", "URLConnection", "connect_tcp", "listen_tcp", "Environment",
            "Property", "database", "File");

    /** The input source of a source-to-sink test case ({@code connect_tcp}, {@code Environment}...), else the functional variant. */
    String source() {
        String name = "_" + functional + "_";
        return SOURCES.stream().filter(s -> name.contains("_" + s + "_")).findFirst().orElse(functional);
    }

    /** The side a whole file stands for (flow variant 81), or empty when its methods' names say it. */
    Optional<Unit.Side> fileSide() {
        if (part.equals("_bad")) {
            return Optional.of(Unit.Side.BAD);
        }
        return part.startsWith("_good") ? Optional.of(Unit.Side.GOOD) : Optional.empty();
    }

    /** The good variant a whole {@code _81_good...} file stands for. */
    String fileVariant() {
        return part.startsWith("_") ? part.substring(1) : part;
    }
}
