package dev.probation.bench.juliet;

import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The findings of Probation's {@code scan-code --format json} report: file name, line and CWE of each. */
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
