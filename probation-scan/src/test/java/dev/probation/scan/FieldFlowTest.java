package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data that moves between methods of one class without being an argument: returned by a helper
 * that reads it from a file, stored in a field that another method reads. In the spirit of the
 * Juliet test suite's flow variants 21, 42 and 45; fixtures written for this test. The bad method
 * must be flagged, the good one (a constant on the same path) must not.
 */
class FieldFlowTest {

    private final CodeScanner scanner = new CodeScanner();

    /** The lines of the CWE-78 findings. */
    private List<Integer> commandLines(String code) {
        return scanner.scanCode(code, Language.JAVA, "Jobs.java").findings().stream()
                .filter(f -> f.cwe().equals("CWE-78")).map(Finding::line).toList();
    }

    @Test
    void aHelperReturningALineOfAFileIsASource() {
        String code = """
                import java.io.*;
                class Jobs {
                    private String fromDisk() throws IOException {
                        String line = "";
                        try (BufferedReader reader = new BufferedReader(new FileReader("/var/jobs/next.txt"))) {
                            line = reader.readLine();
                        }
                        return line;
                    }
                    private String fixed() {
                        return "nightly";
                    }
                    void bad() throws IOException {
                        String job = fromDisk();
                        Runtime.getRuntime().exec("/usr/bin/run-job " + job);
                    }
                    void good() throws IOException {
                        String job = fixed();
                        Runtime.getRuntime().exec("/usr/bin/run-job " + job);
                    }
                }
                """;
        assertThat(commandLines(code)).containsExactly(15);
    }
}
