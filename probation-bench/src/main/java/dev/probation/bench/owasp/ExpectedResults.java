package dev.probation.bench.owasp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Benchmark's expectedresults-1.2.csv: {@code # test name, category, real vulnerability, cwe, ...}
 * then one {@code BenchmarkTest00001,pathtraver,true,22} line per test case.
 */
public final class ExpectedResults {

    private ExpectedResults() {
    }

    public static List<TestCase> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",");
            String where = csv + ":" + (i + 1) + ": ";
            if (fields.length < 4) {
                throw new IllegalArgumentException(where + "expected 'test name, category, real vulnerability, cwe', got '" + line + "'");
            }
            Category category = Category.byId(fields[1].strip())
                    .orElseThrow(() -> new IllegalArgumentException(where + "unknown category '" + fields[1].strip() + "'"));
            String real = fields[2].strip();
            if (!real.equals("true") && !real.equals("false")) {
                throw new IllegalArgumentException(where + "real vulnerability must be true or false, got '" + real + "'");
            }
            int cwe;
            try {
                cwe = Integer.parseInt(fields[3].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "cwe is not a number: '" + fields[3].strip() + "'");
            }
            if (cwe != category.cwe()) {
                throw new IllegalArgumentException(where + "cwe " + cwe + " does not match category " + category.id()
                        + " (CWE-" + category.cwe() + ")");
            }
            cases.add(new TestCase(fields[0].strip(), category, real.equals("true")));
        }
        return cases;
    }
}
