package dev.probation.bench.owasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Benchmark's metric on a hand-made expected-results file and hand-made reports of both tools. */
class ScorecardTest {

    @TempDir
    Path dir;

    /** Four SQL injection cases (two real), four path traversal cases (two real), one XSS case (real). */
    private List<TestCase> expected() throws IOException {
        return ExpectedResults.read(write("expected.csv", """
                # test name, category, real vulnerability, cwe, Benchmark version: 1.2, 2016-06-1
                BenchmarkTest00001,sqli,true,89
                BenchmarkTest00002,sqli,true,89
                BenchmarkTest00003,sqli,false,89
                BenchmarkTest00004,sqli,false,89
                BenchmarkTest00005,pathtraver,true,22
                BenchmarkTest00006,pathtraver,true,22
                BenchmarkTest00007,pathtraver,false,22
                BenchmarkTest00008,pathtraver,false,22
                BenchmarkTest00009,xss,true,79
                """));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void probationFindingsScoreByFileAndCwe() throws IOException {
        // 00001: a hit. 00002: a finding of the wrong CWE (XSS) does not count for sqli. 00003: a false positive,
        // reported twice, counts once. 00005: path traversal. 00007: a false positive. A helper file counts for nothing.
        Findings findings = Findings.probationJson(write("probation.json", """
                {"tool": "probation", "files": 4, "complete": true, "findings": [
                  {"cwe": "CWE-89", "file": "testcode/BenchmarkTest00001.java", "line": 50},
                  {"cwe": "CWE-79", "file": "testcode/BenchmarkTest00002.java", "line": 51},
                  {"cwe": "CWE-89", "file": "testcode/BenchmarkTest00003.java", "line": 52},
                  {"cwe": "CWE-89", "file": "testcode/BenchmarkTest00003.java", "line": 60},
                  {"cwe": "CWE-22", "file": "testcode/BenchmarkTest00005.java", "line": 53},
                  {"cwe": "CWE-22", "file": "testcode/BenchmarkTest00007.java", "line": 54},
                  {"cwe": "CWE-89", "file": "helpers/DatabaseHelper.java", "line": 9}
                ], "warnings": [], "errors": []}
                """));
        assertThat(findings.findings()).isEqualTo(6);

        Scorecard card = Scorecard.score(expected(), findings);

        Scorecard.Row sqli = card.row(Category.SQLI);
        assertThat(List.of(sqli.tp(), sqli.fn(), sqli.fp(), sqli.tn())).containsExactly(1, 1, 1, 1);
        assertThat(sqli.tpr()).isEqualTo(0.5);
        assertThat(sqli.fpr()).isEqualTo(0.5);
        assertThat(sqli.score()).isZero();
        Scorecard.Row path = card.row(Category.PATHTRAVER);
        assertThat(path.score()).isEqualTo(0.5 - 0.5);
        Scorecard.Row xss = card.row(Category.XSS); // one real case, missed; no safe case: FPR 0
        assertThat(List.of(xss.tp(), xss.fn(), xss.fp(), xss.tn())).containsExactly(0, 1, 0, 0);
        assertThat(xss.score()).isZero();
        assertThat(card.row(Category.LDAPI).score()).isZero(); // no test case at all
    }

    @Test
    void spotbugsReportIsReadAsOwaspsScorecardReadsIt() throws IOException {
        // Security bugs count by class (inner classes for their test case) and cweid, with 23/36 -> 22 and
        // 326 -> 327; other categories and patterns without a cweid are ignored.
        Findings findings = Findings.spotbugsXml(write("spotbugs.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <BugCollection version="4.9.8" sequence="0" timestamp="0" analysisTimestamp="0" release="">
                  <BugInstance type="SQL_INJECTION_JDBC" priority="1" rank="5" abbrev="SECSQLIJDBC" category="SECURITY" cweid="89">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00001"/>
                  </BugInstance>
                  <BugInstance type="SQL_INJECTION_SPRING_JDBC" priority="2" abbrev="SECSQLISPRJDBC" category="SECURITY" cweid="89">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00002$1"/>
                  </BugInstance>
                  <BugInstance type="SQL_INJECTION_JDBC" priority="1" abbrev="SECSQLIJDBC" category="SECURITY" cweid="89">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00003"/>
                  </BugInstance>
                  <BugInstance type="PATH_TRAVERSAL_IN" priority="2" abbrev="PT" category="SECURITY" cweid="22">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00005"/>
                  </BugInstance>
                  <BugInstance type="PATH_TRAVERSAL_OUT" priority="2" abbrev="PT" category="SECURITY" cweid="23">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00006"/>
                  </BugInstance>
                  <BugInstance type="SERVLET_PARAMETER" priority="3" abbrev="SECSP" category="SECURITY">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00007"/>
                  </BugInstance>
                  <BugInstance type="DM_DEFAULT_ENCODING" priority="1" abbrev="Dm" category="I18N" cweid="22">
                    <Class classname="org.owasp.benchmark.testcode.BenchmarkTest00008"/>
                  </BugInstance>
                  <BugInstance type="XSS_SERVLET" priority="2" abbrev="XSS" category="SECURITY" cweid="79">
                    <Class classname="org.owasp.benchmark.helpers.Utils"/>
                  </BugInstance>
                </BugCollection>
                """));

        Scorecard card = Scorecard.score(expected(), findings);

        Scorecard.Row sqli = card.row(Category.SQLI);
        assertThat(List.of(sqli.tp(), sqli.fn(), sqli.fp(), sqli.tn())).containsExactly(2, 0, 1, 1);
        assertThat(sqli.score()).isEqualTo(1.0 - 0.5);
        Scorecard.Row path = card.row(Category.PATHTRAVER);
        assertThat(List.of(path.tp(), path.fn(), path.fp(), path.tn())).containsExactly(2, 0, 0, 2);
        assertThat(path.score()).isEqualTo(1.0);

        Set<Category> two = EnumSet.of(Category.SQLI, Category.PATHTRAVER);
        assertThat(card.average(two)).isEqualTo(0.75);
        // The mean over all 11 is unweighted: nine categories score 0 here.
        assertThat(card.average(EnumSet.allOf(Category.class))).isCloseTo(1.5 / 11, within(1e-12));
    }

    @Test
    void reportShowsBothToolsPerCategoryAndTheirMeans() throws IOException {
        List<TestCase> cases = expected();
        Findings none = new Findings(java.util.Map.of(), 0);
        Findings sqliOnly = new Findings(java.util.Map.of("BenchmarkTest00001", Set.of(89), "BenchmarkTest00002", Set.of(89)), 2);
        Usage usage = new Usage(1.5, 2048);
        String md = new OwaspReport(cases, new OwaspBenchmark.Tool("Probation", none, usage, cases),
                new OwaspBenchmark.Tool("SpotBugs + FindSecBugs", sqliOnly, usage, cases), null, OwaspReport.BEFORE_ISSUE_13,
                "v", "m", "d").markdown();

        assertThat(md).contains("9 test servlets from `expectedresults-1.2.csv` (5 real vulnerabilities, 4 safe)")
                .contains("| sqli (SQL injection) | 89 | 4 | 2 | +0.00 | +1.00 |")
                .contains("| sqli | 2 | 0 | 0 | 2 | 1.00 | 0.00 | +1.00 |")
                .contains(String.format(java.util.Locale.ROOT, "| all 11 categories | +0.00 | %+.2f |", 1.0 / 11))
                .contains("| the 6 categories Probation claims (cmdi, crypto, hash, pathtraver, sqli, xss) | +0.00 | +0.17 |")
                .contains("| the 6 categories claimed before issue 13 (cmdi, crypto, hash, pathtraver, sqli, xss) | +0.00 | +0.17 |")
                .contains("| ldapi (LDAP injection) ¹ |").contains("¹ not a CWE Probation reports today")
                .contains("| Probation `scan-code` | `src/main/java`: 9 test files and the helpers, one JVM, including its start-up | 1.5 s | 2 MiB |")
                .contains("the test cases and the helper classes they call").contains("Findings in helper files are not scored")
                .doesNotContain("mvn clean compile");
    }

    @Test
    void whenEveryCategoryIsClaimedThereIsNoFootnoteAndTheEarlierSixStayComparable() throws IOException {
        List<TestCase> cases = expected();
        Findings none = new Findings(java.util.Map.of(), 0);
        Usage usage = new Usage(1.5, 2048);
        String md = new OwaspReport(cases, new OwaspBenchmark.Tool("Probation", none, usage, cases),
                new OwaspBenchmark.Tool("SpotBugs + FindSecBugs", none, usage, cases), null, EnumSet.allOf(Category.class),
                "v", "m", "d").markdown();

        assertThat(md).doesNotContain("¹").doesNotContain("categories Probation claims")
                .contains("| the 6 categories claimed before issue 13 (cmdi, crypto, hash, pathtraver, sqli, xss) |");
    }

    @Test
    void claimedCategoriesAreTheCwesProbationReports() {
        // since issue 13 Probation reports all eleven (LDAP, XPath, trust boundary, cookie, randomness added)
        assertThat(OwaspBenchmark.claimed()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Category.class));
    }

    @Test
    void badExpectedResultsNameFileLineAndField() throws IOException {
        Path csv = write("bad.csv", "# header\nBenchmarkTest00001,sqli,maybe,89\n");
        assertThatThrownBy(() -> ExpectedResults.read(csv))
                .hasMessage(csv + ":2: real vulnerability must be true or false, got 'maybe'");
        Path unknown = write("unknown.csv", "BenchmarkTest00001,nosql,true,943\n");
        assertThatThrownBy(() -> ExpectedResults.read(unknown)).hasMessage(unknown + ":1: unknown category 'nosql'");
    }

    @Test
    void gnuTimeReportGivesWallTimeAndPeakMemory() {
        Usage usage = Usage.parse("""
                \tCommand being timed: "java -jar probation.jar scan-code"
                \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50
                \tMaximum resident set size (kbytes): 524288
                """, "t");
        assertThat(usage.seconds()).isEqualTo(62.5);
        assertThat(usage.peakMib()).isEqualTo(512.0);
        assertThat(Usage.parse("Elapsed (wall clock) time (h:mm:ss or m:ss): 1:00:01\nMaximum resident set size (kbytes): 1\n", "t")
                .seconds()).isEqualTo(3601.0);
    }
}
