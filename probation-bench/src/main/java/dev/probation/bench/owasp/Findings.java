package dev.probation.bench.owasp;

import dev.probation.bench.SpotBugsXml;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * One tool's findings on the Benchmark: the CWEs it reported in each test case, after {@link #CWE_VARIANTS}.
 *
 * @param byTest the CWEs reported in each test case (BenchmarkTest00001...), normalised
 * @param findings findings read in test case files, before merging per file and CWE
 */
public record Findings(Map<String, Set<Integer>> byTest, int findings) {

    /**
     * CWEs a tool may report for a category's CWE, mapped to it. The first three are the ones OWASP's scorecard
     * (BenchmarkUtils' FindbugsReader) applies to FindSecBugs; 564 (Hibernate SQL injection) is a child of 89
     * that we add. The same table applies to every tool. Anything else counts only under its own number.
     */
    public static final Map<Integer, Integer> CWE_VARIANTS = Map.of(23, 22, 36, 22, 326, 327, 564, 89);

    private static final Pattern TEST = Pattern.compile("BenchmarkTest\\d{5}");

    public Set<Integer> cwes(String test) {
        return byTest.getOrDefault(test, Set.of());
    }

    static int normalise(int cwe) {
        return CWE_VARIANTS.getOrDefault(cwe, cwe);
    }

    /** Probation's {@code scan-code --format json} report: {@code findings[].file} and {@code findings[].cwe} ("CWE-89"). */
    public static Findings probationJson(Path report) throws IOException {
        JsonNode root = Json.MAPPER.readTree(report.toFile());
        JsonNode list = root.path("findings");
        if (!list.isArray()) {
            throw new IllegalArgumentException(report + ": no 'findings' array; is this a scan-code --format json report?");
        }
        Builder builder = new Builder();
        for (JsonNode finding : list) {
            String cwe = finding.path("cwe").asString("");
            if (!cwe.startsWith("CWE-")) {
                throw new IllegalArgumentException(report + ": finding in " + finding.path("file").asString("?")
                        + " has cwe '" + cwe + "', expected CWE-<number>");
            }
            builder.add(fileName(finding.path("file").asString("")), Integer.parseInt(cwe.substring(4)));
        }
        return builder.build();
    }

    /**
     * SpotBugs' XML report, read as OWASP's scorecard reads it: BugInstances of category SECURITY, the test case
     * named by the class (inner classes count for their test case), the CWE from the {@code cweid} attribute.
     */
    public static Findings spotbugsXml(Path report) throws IOException {
        Element root = SpotBugsXml.bugCollection(report);
        Builder builder = new Builder();
        NodeList bugs = root.getElementsByTagName("BugInstance");
        for (int i = 0; i < bugs.getLength(); i++) {
            Element bug = (Element) bugs.item(i);
            String cweid = bug.getAttribute("cweid");
            if (!bug.getAttribute("category").equals("SECURITY") || cweid.isEmpty()) {
                continue; // the scorecard ignores other categories; patterns without a CWE score nothing
            }
            NodeList classes = bug.getElementsByTagName("Class");
            if (classes.getLength() > 0) {
                builder.add(((Element) classes.item(0)).getAttribute("classname"), Integer.parseInt(cweid));
            }
        }
        return builder.build();
    }

    private static String fileName(String path) {
        return path.substring(path.replace('\\', '/').lastIndexOf('/') + 1);
    }

    /** Collects findings by test case; names that are not a test case (helpers) are dropped. */
    static final class Builder {
        private final Map<String, Set<Integer>> byTest = new TreeMap<>();
        private int findings;

        Builder add(String where, int cwe) {
            Matcher m = TEST.matcher(where);
            if (m.find()) {
                byTest.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(normalise(cwe));
                findings++;
            }
            return this;
        }

        Findings build() {
            return new Findings(byTest, findings);
        }
    }
}
