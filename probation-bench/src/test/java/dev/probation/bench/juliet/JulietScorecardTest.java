package dev.probation.bench.juliet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.bench.owasp.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Juliet scorer on a tiny hand-written checkout in Juliet's layout, with hand-made scan-code findings. */
class JulietScorecardTest {

    @TempDir
    Path checkout;

    private final List<String> findings = new ArrayList<>();

    /** Probation reports SQL injection and path traversal only, in this test. */
    private final Families families = new Families(Set.of("CWE-89", "CWE-22"));

    @BeforeEach
    void writeCheckout() throws IOException {
        // one file: a bad flow and two good flows, the dispatcher good(), and main()
        write("CWE89_SQL_Injection/s01", "CWE89_SQL_Injection__Environment_execute_01", """
                public class CWE89_SQL_Injection__Environment_execute_01 extends AbstractTestCase {
                    public void bad() throws Throwable {
                        String data = System.getenv("ADD");
                        stmt.execute("select " + data); // @bad01
                    }
                    public void good() throws Throwable {
                        goodG2B(); // @dispatch01
                        goodB2G();
                    }
                    private void goodG2B() throws Throwable {
                        String data = "foo";
                        connect("root", "secret"); // @g2b01
                    }
                    private void goodB2G() throws Throwable {
                        String data = System.getenv("ADD");
                        prepared(data); // @b2g01
                    }
                    public static void main(String[] args) { } // @main01
                }
                """);
        // two files: the sink in part b, its good counterpart flagged, the bad one missed
        write("CWE89_SQL_Injection/s01", "CWE89_SQL_Injection__Environment_execute_51a", """
                public class CWE89_SQL_Injection__Environment_execute_51a extends AbstractTestCase {
                    public void bad() throws Throwable { new CWE89_SQL_Injection__Environment_execute_51b().badSink(System.getenv("A")); }
                    public void good() throws Throwable { goodG2B(); }
                    private void goodG2B() throws Throwable { new CWE89_SQL_Injection__Environment_execute_51b().goodG2BSink("foo"); }
                }
                """);
        write("CWE89_SQL_Injection/s01", "CWE89_SQL_Injection__Environment_execute_51b", """
                public class CWE89_SQL_Injection__Environment_execute_51b {
                    public void badSink(String data) throws Throwable {
                        stmt.execute("select " + data);
                    }
                    public void goodG2BSink(String data) throws Throwable {
                        stmt.execute("select " + data); // @g2bsink51
                    }
                }
                """);
        // flow variant 81: each side in a class of its own, the flaw in the bad class's action()
        write("CWE89_SQL_Injection/s02", "CWE89_SQL_Injection__Environment_execute_81_base", """
                public abstract class CWE89_SQL_Injection__Environment_execute_81_base {
                    public abstract void action(String data) throws Throwable;
                }
                """);
        write("CWE89_SQL_Injection/s02", "CWE89_SQL_Injection__Environment_execute_81_bad", """
                public class CWE89_SQL_Injection__Environment_execute_81_bad extends CWE89_SQL_Injection__Environment_execute_81_base {
                    public void action(String data) throws Throwable {
                        stmt.execute("select " + data); // @action81
                    }
                }
                """);
        write("CWE89_SQL_Injection/s02", "CWE89_SQL_Injection__Environment_execute_81_goodG2B", """
                public class CWE89_SQL_Injection__Environment_execute_81_goodG2B extends CWE89_SQL_Injection__Environment_execute_81_base {
                    public void action(String data) throws Throwable {
                        stmt.execute("select " + data);
                    }
                }
                """);
        write("CWE89_SQL_Injection/s02", "CWE89_SQL_Injection__Environment_execute_81a", """
                public class CWE89_SQL_Injection__Environment_execute_81a extends AbstractTestCase {
                    public void bad() throws Throwable { }
                    public void good() throws Throwable { goodG2B(); }
                    private void goodG2B() throws Throwable { }
                }
                """);
        // an anonymous class inside bad(): its run() is part of the bad flow; good() is the only good method
        write("CWE89_SQL_Injection/s02", "CWE89_SQL_Injection__Environment_execute_02", """
                public class CWE89_SQL_Injection__Environment_execute_02 extends AbstractTestCase {
                    public void bad() throws Throwable {
                        Runnable r = new Runnable() {
                            public void run() {
                                stmt.execute("select " + data); // @run02
                            }
                        };
                    }
                    public void good() throws Throwable {
                        stmt.execute("select " + "foo"); // @good02
                    }
                }
                """);
        // relative path traversal counts as path traversal (CWE-22), which Probation reports
        write("CWE23_Relative_Path_Traversal", "CWE23_Relative_Path_Traversal__Environment_01", """
                public class CWE23_Relative_Path_Traversal__Environment_01 extends AbstractTestCase {
                    public void bad() throws Throwable {
                        new File(root + System.getenv("F")); // @bad23
                    }
                    public void good() throws Throwable { good1(); }
                    private void good1() throws Throwable { new File(root + "foo"); }
                }
                """);
        // not a CWE Probation reports: listed, not scored
        write("CWE190_Integer_Overflow/s01", "CWE190_Integer_Overflow__int_max_add_01", """
                public class CWE190_Integer_Overflow__int_max_add_01 extends AbstractTestCase {
                    public void bad() { int x = Integer.MAX_VALUE + 1; }
                }
                """);
        write("CWE89_SQL_Injection", "Main", "public class Main { public static void main(String[] a) { } }\n");
        Files.createDirectories(checkout.resolve("src/testcasesupport"));
        Files.writeString(checkout.resolve("src/testcasesupport/IO.java"), "public class IO { }\n");
    }

    private void write(String dir, String name, String code) throws IOException {
        Path folder = checkout.resolve("src/testcases").resolve(dir);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".java"), code);
    }

    /** A finding of this CWE at the line marked {@code // @marker} in the named test case file. */
    private void finding(String cwe, String file, String marker) throws IOException {
        Path path;
        try (var walk = Files.walk(checkout)) {
            path = walk.filter(p -> p.getFileName().toString().equals(file + ".java")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(path);
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.endsWith("// @" + marker)).findFirst().orElseThrow());
        finding(cwe, path.toString(), line);
    }

    private void finding(String cwe, String file, int line) {
        findings.add("{\"cwe\": \"" + cwe + "\", \"rule\": \"java.r\", \"file\": \"" + file + "\", \"line\": " + line + ", \"column\": 5}");
    }

    private JulietScorecard score() throws IOException {
        Path report = Files.writeString(checkout.resolve("probation.json"),
                "{\"tool\": \"probation\", \"findings\": [" + String.join(",\n", findings) + "], \"errors\": []}");
        return JulietScorecard.score(JulietSuite.read(checkout, families), ScanFindings.read(report));
    }

    @Test
    void badAndGoodFunctionsAreScoredPerTestCaseAndCweFamily() throws IOException {
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_01", "bad01"); // TP
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_01", "bad01"); // the same unit twice: one TP
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_01", "b2g01"); // FP: goodB2G
        finding("CWE-798", "CWE89_SQL_Injection__Environment_execute_01", "g2b01"); // another family: neither
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_01", "main01"); // outside every unit: neither
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_51b", "g2bsink51"); // FP: goodG2B of test case 51 (bad missed)
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_81_bad", "action81"); // TP: the bad class of 81
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_02", "run02"); // TP: run() inside bad()
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_02", "good02"); // FP: good() is 02's only good method
        finding("CWE-22", "CWE23_Relative_Path_Traversal__Environment_01", "bad23"); // TP through the CWE-22 family
        finding("CWE-190", checkout.resolve("src/testcases/CWE190_Integer_Overflow/s01/CWE190_Integer_Overflow__int_max_add_01.java")
                .toString(), 2); // not scored
        finding("CWE-798", checkout.resolve("src/testcasesupport/IO.java").toString(), 1);

        JulietScorecard card = score();

        assertThat(card.rows()).containsOnlyKeys(89, 23);
        // 89: 8 test case files (Main.java is not one) in 4 test cases; good flows: 01 goodG2B, goodB2G;
        // 51 goodG2B; 81 goodG2B; 02 good
        assertThat(card.rows().get(89)).isEqualTo(new JulietScorecard.Row(89, 89, 8, 4, 3, 5, 3, 2));
        JulietScorecard.Row sqli = card.rows().get(89);
        assertThat(sqli.fn()).isEqualTo(1);
        assertThat(sqli.precision()).isEqualTo(0.5);
        assertThat(sqli.recall()).isEqualTo(0.75);
        assertThat(card.rows().get(23)).isEqualTo(new JulietScorecard.Row(23, 22, 1, 1, 1, 1, 0, 0));
        assertThat(card.outside()).isEqualTo(2);
        assertThat(card.total()).isEqualTo(new JulietScorecard.Row(0, 0, 9, 5, 4, 6, 3, 2));
    }

    @Test
    void aFlaggedDispatcherCountsAsAGoodFunctionOfItsOwn() throws IOException {
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_01", "dispatch01");
        JulietScorecard.Row sqli = score().rows().get(89);
        assertThat(List.of(sqli.tp(), sqli.goodUnits(), sqli.fp())).containsExactly(0, 6, 1);
        assertThat(sqli.precision()).isZero();
    }

    @Test
    void withNoFindingsPrecisionIsUndefinedAndRecallZero() throws IOException {
        JulietScorecard.Row sqli = score().rows().get(89);
        assertThat(sqli.precision()).isNaN();
        assertThat(sqli.recall()).isZero();
        assertThat(JulietReport.meetsBar(sqli)).isFalse();
    }

    @Test
    void reportHasTheTableTheBreakdownsAndTheUnsupportedDirectories() throws IOException {
        finding("CWE-89", "CWE89_SQL_Injection__Environment_execute_01", "bad01");
        finding("CWE-22", "CWE23_Relative_Path_Traversal__Environment_01", "bad23");
        JulietSuite suite = JulietSuite.read(checkout, families);
        JulietScorecard card = score();
        String md = new JulietReport(suite, new JulietReport.Tool("Probation", card, new Usage(12.5, 4096)), 11, null, null, "v", "m", "d",
                "local").markdown();

        assertThat(md).contains("**1 of 2 supported CWEs meet issue 13's bar**")
                .contains("| CWE23_Relative_Path_Traversal | CWE-22 | 1 | 1 | 1 | 0 | 1 | 0 | 1.00 | 1.00 | met |")
                .contains("| CWE89_SQL_Injection | CWE-89 | 8 | 4 | 1 | 3 | 5 | 0 | 1.00 | 0.25 | not met |")
                .contains("| **all supported** | | 9 | 5 | 2 | 3 | 6 | 0 | 1.00 | 0.40 | |")
                .contains("| Environment | 0/1 · 0/1 | 3/4 · 0/5 |")
                .contains("| 51 |  | 1/1 · 0/1 |")
                .contains("CWE190_Integer_Overflow (1)")
                .contains("| Probation `scan-code` | 11 files: the supported CWE directories").contains("| 12.5 s | 4 MiB |")
                .contains("Only Probation is measured here").doesNotContain("FindSecBugs recall")
                .contains("Probation ran with `--threat-model local`, Juliet's own threat model");
        assertThat(JulietBenchmark.units(card)).contains("89\tCWE89_SQL_Injection__Environment_execute_01\tEnvironment\t01\tBAD\tbad\ttrue\tTP\tjava.r\n")
                .contains("89\tCWE89_SQL_Injection__Environment_execute_51\tEnvironment\t51\tGOOD\tgoodG2B\tfalse\tTN\t\n");
    }

    /** The line marked {@code // @marker} in a test case file. */
    private int line(String file, String marker) throws IOException {
        try (var walk = Files.walk(checkout)) {
            Path path = walk.filter(p -> p.getFileName().toString().equals(file + ".java")).findFirst().orElseThrow();
            List<String> lines = Files.readAllLines(path);
            return 1 + lines.indexOf(lines.stream().filter(l -> l.endsWith("// @" + marker)).findFirst().orElseThrow());
        }
    }

    @Test
    void spotbugsBugsAreScoredByTheirSourceLine() throws IOException {
        // security bugs with a cweid count at their own SourceLine (primary first), else their method's first line;
        // other categories and bugs without a cweid do not count
        Path xml = Files.writeString(checkout.resolve("spotbugs.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <BugCollection version="4.9.8">
                  <BugInstance type="SQL_INJECTION_JDBC" category="SECURITY" cweid="89">
                    <Class classname="testcases.CWE89_SQL_Injection.s01.CWE89_SQL_Injection__Environment_execute_01">
                      <SourceLine classname="x" sourcefile="CWE89_SQL_Injection__Environment_execute_01.java" start="1" end="19"/>
                    </Class>
                    <SourceLine classname="x" sourcefile="CWE89_SQL_Injection__Environment_execute_01.java" start="%d" end="%d" primary="true"/>
                  </BugInstance>
                  <BugInstance type="SQL_INJECTION_JDBC" category="SECURITY" cweid="89">
                    <Method classname="x" name="goodB2G" signature="()V" primary="true">
                      <SourceLine classname="x" sourcefile="CWE89_SQL_Injection__Environment_execute_01.java" start="%d" end="%d"/>
                    </Method>
                  </BugInstance>
                  <BugInstance type="PATH_TRAVERSAL_IN" category="SECURITY" cweid="22">
                    <SourceLine classname="y" sourcefile="CWE23_Relative_Path_Traversal__Environment_01.java" start="%d" end="%d" primary="true"/>
                  </BugInstance>
                  <BugInstance type="DM_DEFAULT_ENCODING" category="I18N" cweid="89">
                    <SourceLine classname="x" sourcefile="CWE89_SQL_Injection__Environment_execute_51b.java" start="%d" end="%d"/>
                  </BugInstance>
                  <BugInstance type="SERVLET_PARAMETER" category="SECURITY">
                    <SourceLine classname="x" sourcefile="CWE89_SQL_Injection__Environment_execute_51b.java" start="%d" end="%d"/>
                  </BugInstance>
                </BugCollection>
                """.formatted(line("CWE89_SQL_Injection__Environment_execute_01", "bad01"), line("CWE89_SQL_Injection__Environment_execute_01", "bad01"),
                line("CWE89_SQL_Injection__Environment_execute_01", "b2g01") - 1, line("CWE89_SQL_Injection__Environment_execute_01", "b2g01") + 1,
                line("CWE23_Relative_Path_Traversal__Environment_01", "bad23"), line("CWE23_Relative_Path_Traversal__Environment_01", "bad23"),
                line("CWE89_SQL_Injection__Environment_execute_51b", "g2bsink51"), line("CWE89_SQL_Injection__Environment_execute_51b", "g2bsink51"),
                line("CWE89_SQL_Injection__Environment_execute_51b", "g2bsink51"), line("CWE89_SQL_Injection__Environment_execute_51b", "g2bsink51")));
        List<ScanFindings.Hit> hits = ScanFindings.spotbugsXml(xml);
        assertThat(hits).hasSize(3);
        JulietSuite suite = JulietSuite.read(checkout, families);
        JulietScorecard peer = JulietScorecard.score(suite, hits);
        assertThat(List.of(peer.rows().get(89).tp(), peer.rows().get(89).fp())).containsExactly(1, 1);
        assertThat(peer.rows().get(23).tp()).isEqualTo(1);

        JulietScorecard probation = score(); // no findings
        String md = new JulietReport(suite, new JulietReport.Tool("Probation", probation, new Usage(1, 1024)), 11,
                new JulietReport.Tool("SpotBugs + FindSecBugs", peer, new Usage(30, 2048)), new Usage(20, 4096), "v", "m", "d", "remote").markdown();
        assertThat(md).contains("| precision | recall | bar | FindSecBugs precision | FindSecBugs recall |")
                .contains("| CWE89_SQL_Injection | CWE-89 | 8 | 4 | 0 | 4 | 5 | 0 | – | 0.00 | not met | 0.50 | 0.25 |")
                .contains("| **all supported** | | 9 | 5 | 0 | 5 | 6 | 0 | – | 0.00 | | 0.67 | 0.40 |")
                .contains("## SpotBugs + FindSecBugs\n\n| Juliet CWE |")
                .contains("| SpotBugs + FindSecBugs | the class files of the same test cases and `testcasesupport`, one JVM | 30.0 s | 2 MiB |")
                .contains("| `javac` of those files | what SpotBugs needs first | 20.0 s | 4 MiB |")
                .contains("Probation ran with `--threat-model remote`, which trusts environment variables");
    }

    @Test
    void fileNamesGiveTestCaseVariantsAndSide() {
        TestCaseFile b = TestCaseFile.parse("CWE89_SQL_Injection__connect_tcp_executeBatch_54b.java").orElseThrow();
        assertThat(b).isEqualTo(new TestCaseFile("CWE89_SQL_Injection__connect_tcp_executeBatch_54", 89, "connect_tcp_executeBatch",
                "54", "b"));
        assertThat(b.source()).isEqualTo("connect_tcp");
        assertThat(b.fileSide()).isEmpty();
        TestCaseFile good = TestCaseFile.parse("CWE80_XSS__CWE182_Servlet_PropertiesFile_81_goodG2B.java").orElseThrow();
        assertThat(good.testCase()).isEqualTo("CWE80_XSS__CWE182_Servlet_PropertiesFile_81");
        assertThat(good.source()).isEqualTo("PropertiesFile");
        assertThat(Unit.ofFile(good)).isEqualTo(new Unit(good.testCase(), 80, Unit.Side.GOOD, "goodG2B"));
        assertThat(TestCaseFile.parse("CWE327_Use_Broken_Crypto__3DES_01.java").orElseThrow().source()).isEqualTo("3DES");
        assertThat(TestCaseFile.parse("Main.java")).isEmpty();
        assertThat(Unit.ofMethod(b, "goodB2G1Sink").variant()).isEqualTo("goodB2G1");
        assertThat(Unit.ofMethod(b, "goodG2B2_source").variant()).isEqualTo("goodG2B2");
        assertThat(Unit.ofMethod(b, "bad_source").side()).isEqualTo(Unit.Side.BAD);
        assertThat(Unit.ofMethod(b, "action")).isNull();
    }

    @Test
    void badInputNamesTheFileAndField() throws IOException {
        finding("CWE-89", "x/CWE89_SQL_Injection__Environment_execute_01.java", 0);
        assertThatThrownBy(this::score).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("probation.json: findings[0]: line must be a positive number, got '0'");
        write("CWE89_SQL_Injection/s01", "CWE89_SQL_Injection__Environment_execute_03", "public class X {\n  void bad( {\n}\n");
        assertThatThrownBy(() -> JulietSuite.read(checkout, families)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CWE89_SQL_Injection__Environment_execute_03.java:2: not parsed as Java");
    }
}
