package dev.probation.bench.juliet;

import dev.probation.bench.SpotBugsXml;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * The findings of a tool's report, each as file name, line and CWE: Probation's {@code scan-code --format json}, or
 * SpotBugs' XML.
 */
final class ScanFindings {

    /**
     * One finding.
     *
     * @param file the file's name, without its folder (Juliet's file names are unique)
     * @param line 1-based
     * @param cwe the CWE number as reported (before {@link Families#family})
     * @param rule the rule that fired, for the misses and false positives list
     */
    record Hit(String file, int line, int cwe, String rule) {
    }

    private ScanFindings() {
    }

    /** The number of files the scan read ({@code files}), for the report's cost table. */
    static int files(Path report) throws IOException {
        return Json.MAPPER.readTree(report.toFile()).path("files").asInt(0);
    }

    /** The threat model the scan ran with ({@code threatModel}; {@code remote}, the default, in reports from before it was recorded). */
    static String threatModel(Path report) throws IOException {
        return Json.MAPPER.readTree(report.toFile()).path("threatModel").asString("remote");
    }

    /**
     * SpotBugs' XML report ({@code -xml:withMessages}), read as OWASP's scorecard reads it: BugInstances of category
     * SECURITY with a {@code cweid}; the line is the bug's own primary {@code SourceLine} (else its method's first).
     */
    static List<Hit> spotbugsXml(Path report) throws IOException {
        Element root = SpotBugsXml.bugCollection(report);
        List<Hit> hits = new ArrayList<>();
        NodeList bugs = root.getElementsByTagName("BugInstance");
        for (int i = 0; i < bugs.getLength(); i++) {
            Element bug = (Element) bugs.item(i);
            String cweid = bug.getAttribute("cweid");
            if (!bug.getAttribute("category").equals("SECURITY") || !cweid.matches("\\d+")) {
                continue;
            }
            Element line = sourceLine(bug);
            if (line != null && line.getAttribute("start").matches("\\d+")) {
                hits.add(new Hit(line.getAttribute("sourcefile"), Integer.parseInt(line.getAttribute("start")),
                        Integer.parseInt(cweid), bug.getAttribute("type")));
            }
        }
        return hits;
    }

    /** The bug's own SourceLine (primary first), else the SourceLine of its primary method. */
    private static Element sourceLine(Element bug) {
        Element own = null;
        Element method = null;
        for (Node n = bug.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("SourceLine") && (own == null || e.getAttribute("primary").equals("true"))) {
                own = e;
            }
            if (n instanceof Element e && e.getTagName().equals("Method") && method == null) {
                NodeList lines = e.getElementsByTagName("SourceLine");
                method = lines.getLength() > 0 ? (Element) lines.item(0) : null;
            }
        }
        return own != null ? own : method;
    }

    static List<Hit> read(Path report) throws IOException {
        JsonNode root = Json.MAPPER.readTree(report.toFile());
        JsonNode list = root.path("findings");
        if (!list.isArray()) {
            throw new IllegalArgumentException(report + ": no 'findings' array; is this a scan-code --format json report?");
        }
        List<Hit> hits = new ArrayList<>();
        int index = 0;
        for (JsonNode finding : list) {
            String where = report + ": findings[" + index++ + "]: ";
            String file = finding.path("file").asString("");
            String cwe = finding.path("cwe").asString("");
            int line = finding.path("line").asInt(0);
            if (file.isEmpty()) {
                throw new IllegalArgumentException(where + "no 'file'");
            }
            if (!cwe.matches("CWE-\\d+")) {
                throw new IllegalArgumentException(where + "cwe is '" + cwe + "', expected CWE-<number>");
            }
            if (line < 1) {
                throw new IllegalArgumentException(where + "line must be a positive number, got '" + finding.path("line") + "'");
            }
            hits.add(new Hit(file.substring(file.replace('\\', '/').lastIndexOf('/') + 1), line,
                    Integer.parseInt(cwe.substring(4)), finding.path("rule").asString("")));
        }
        return hits;
    }
}
