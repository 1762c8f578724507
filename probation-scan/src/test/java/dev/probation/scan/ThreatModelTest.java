package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The threat models: by default (remote) the environment, the command line, files and databases are the operator's
 * and trusted; under local they count like a request at every sink. Each snippet's only source is one of these.
 * Fixtures written for this test.
 */
class ThreatModelTest {

    private static final CodeScanner REMOTE = new CodeScanner();
    private static final CodeScanner LOCAL = new CodeScanner().withThreatModel(ThreatModel.LOCAL);

    private static List<String> cwes(CodeScanner scanner, String code, Language language) {
        return scanner.scanCode(code, language, "snippet").findings().stream().map(Finding::cwe).toList();
    }

    private static String java(String body) {
        return """
                import java.io.*;
                import java.nio.file.*;
                import java.sql.*;
                import java.util.Properties;
                import javax.servlet.http.*;
                class Job {
                    void run(HttpServletResponse response, Connection db) throws Exception {
                        Statement stmt = db.createStatement();
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an environment variable as a file name | CWE-22  | String dir = System.getenv("REPORT_DIR");\\nnew FileInputStream(new File(dir)).close();
            a system property as a file name       | CWE-22  | String home = System.getProperty("user.home");\\nFiles.readString(Path.of(home));
            a file's line as a file name           | CWE-22  | BufferedReader list = new BufferedReader(new FileReader("list.txt"));\\nString next = list.readLine();\\nnew FileInputStream(new File(next)).close();
            a properties value as a file name      | CWE-22  | Properties p = new Properties();\\np.load(new FileInputStream("app.properties"));\\nnew FileOutputStream(p.getProperty("log")).close();
            a database value as a redirect         | CWE-601 | ResultSet rs = stmt.executeQuery("SELECT home FROM users");\\nrs.next();\\nresponse.sendRedirect(rs.getString(1));
            a SQL script run as it was read        | CWE-89  | String script = Files.readString(Path.of("schema.sql"));\\nstmt.execute(script);
            """)
    void javaLocalSourcesCountOnlyUnderTheLocalThreatModel(String name, String cwe, String body) {
        assertThat(cwes(REMOTE, java(body), Language.JAVA)).as(name + ", remote").doesNotContain(cwe);
        assertThat(cwes(LOCAL, java(body), Language.JAVA)).as(name + ", local").contains(cwe);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a file's contents written to a fixed file   | Files.writeString(Paths.get("copy.txt"), Files.readString(Paths.get("in.txt")));
            a file's stream copied to a fixed file      | Files.copy(new FileInputStream("in.txt"), Paths.get("copy.txt"));
            a stream reopened through its descriptor    | FileInputStream in = new FileInputStream("in.txt");\\nnew FileOutputStream(in.getFD()).close();
            """)
    void fileContentsAreNoPathUnderLocal(String name, String body) {
        assertThat(cwes(LOCAL, java(body), Language.JAVA)).as(name).doesNotContain("CWE-22");
    }

    @Test
    void aFileLineAsTheTargetOfFilesWriteIsStillAPath() {
        String body = "String target = Files.readAllLines(Paths.get(\"targets.txt\")).get(0);\\nFiles.writeString(Paths.get(target), \"done\");";
        assertThat(cwes(LOCAL, java(body), Language.JAVA)).contains("CWE-22");
    }

    @Test
    void javaMainsArgumentsAreTheCommandLine() {
        String code = """
                import java.io.*;
                public class Restore {
                    public static void main(final String[] args) throws IOException {
                        new FileInputStream(args[0]).close();
                    }

                    void open(String name) throws IOException {
                        new FileInputStream(name).close();
                    }
                }
                """;
        assertThat(cwes(REMOTE, code, Language.JAVA)).doesNotContain("CWE-22");
        assertThat(LOCAL.scanCode(code, Language.JAVA, "Restore.java").findings()).singleElement().satisfies(f -> {
            assertThat(f.cwe()).isEqualTo("CWE-22");
            assertThat(f.line()).isEqualTo(4); // the other method's parameter is not the command line
            assertThat(f.message()).startsWith("command-line argument 'args' (line 3)");
        });
    }

    @Test
    void pythonEnvironmentAndArgumentsCountOnlyUnderLocal() {
        String env = """
                import os
                def tail():
                    with open(os.environ["LOG_FILE"]) as f:
                        return f.read()
                """;
        String argv = """
                import sys, shutil
                def main():
                    target = sys.argv[1]
                    shutil.copyfile(target, "backup.txt")
                """;
        String getenv = """
                import os
                def cleanup():
                    os.remove(os.getenv("SPOOL"))
                """;
        for (String code : List.of(env, argv, getenv)) {
            assertThat(cwes(REMOTE, code, Language.PYTHON)).as(code).doesNotContain("CWE-22");
            assertThat(cwes(LOCAL, code, Language.PYTHON)).as(code).contains("CWE-22");
        }
    }

    @Test
    void javaScriptEnvironmentAndArgumentsCountOnlyUnderLocal() {
        String env = """
                const fs = require('fs');
                function config() {
                    return fs.readFileSync(process.env.APP_CONFIG, 'utf8');
                }
                """;
        String argv = """
                const fs = require('fs');
                const out = process.argv[2];
                fs.writeFileSync(out, 'done');
                """;
        for (String code : List.of(env, argv)) {
            assertThat(cwes(REMOTE, code, Language.JAVASCRIPT)).as(code).doesNotContain("CWE-22");
            assertThat(cwes(LOCAL, code, Language.JAVASCRIPT)).as(code).contains("CWE-22");
        }
        String typed = "import * as fs from 'fs';\nexport function read(): string {\n  return fs.readFileSync(process.env.SECRET_PATH as string, 'utf8');\n}\n";
        assertThat(cwes(REMOTE, typed, Language.TYPESCRIPT)).doesNotContain("CWE-22");
        assertThat(cwes(LOCAL, typed, Language.TYPESCRIPT)).contains("CWE-22");
    }

    @Test
    void aModelsEnvironmentSourceFollowsTheSameSwitch() {
        String model = """
                language: python
                framework: quill
                sources:
                  - {call: quill.settings.get, what: setting, kind: environment}
                """;
        String code = """
                import quill
                def export():
                    open(quill.settings.get("EXPORT_PATH"), "w").write("rows")
                """;
        ScanModels models = ScanModels.builtIn().and(ScanModels.parse("quill.yaml", model));
        CodeScanner remote = new CodeScanner(CodeScanner.DEFAULT_MAX_BYTES, models);
        assertThat(cwes(remote, code, Language.PYTHON)).doesNotContain("CWE-22");
        assertThat(cwes(remote.withThreatModel(ThreatModel.LOCAL), code, Language.PYTHON)).contains("CWE-22");
    }

    @Test
    void aHelperInAnotherFileThatReadsAFileIsASourceUnderLocal(@TempDir Path dir) throws IOException {
        Path helper = Files.writeString(dir.resolve("Settings.java"), """
                import java.io.*;
                public class Settings {
                    public static String outputDir() throws IOException {
                        try (BufferedReader r = new BufferedReader(new FileReader("settings.txt"))) {
                            return r.readLine();
                        }
                    }
                }
                """);
        Path user = Files.writeString(dir.resolve("Export.java"), """
                import java.io.*;
                public class Export {
                    public void write() throws IOException {
                        String dir = Settings.outputDir();
                        new FileOutputStream(new File(dir)).close();
                    }
                }
                """);
        for (ThreatModel threat : ThreatModel.values()) {
            CodeScanner scanner = new CodeScanner().withThreatModel(threat);
            scanner = scanner.withProject(scanner.project(List.of(helper, user)));
            List<String> found = scanner.scanFile(user, Optional.empty()).findings().stream().map(Finding::cwe).toList();
            if (threat == ThreatModel.LOCAL) {
                assertThat(found).as("local").contains("CWE-22");
            } else {
                assertThat(found).as("remote").doesNotContain("CWE-22");
            }
        }
    }

    @Test
    void theThreatModelIsNamedAsUsersWriteIt() {
        assertThat(ThreatModel.fromId("Local")).contains(ThreatModel.LOCAL);
        assertThat(ThreatModel.fromId("remote")).contains(ThreatModel.REMOTE);
        assertThat(ThreatModel.fromId("all")).isEmpty();
        assertThat(new CodeScanner().threatModel()).isEqualTo(ThreatModel.REMOTE);
    }
}
