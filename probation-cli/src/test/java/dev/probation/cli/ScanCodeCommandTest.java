package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ScanCodeCommandTest {

    @TempDir
    Path dir;

    @Test
    void exitsThreeOnFindingsZeroWhenCleanFourWhenAFileIsMissing() throws IOException {
        Path vulnerable = Files.writeString(dir.resolve("bank.py"), """
                def transfer_funds(db_connection, sender, recipient, amount):
                    db_connection.execute(f"UPDATE accounts SET balance = balance - {amount} WHERE user = '{sender}'")
                """);
        Path clean = Files.writeString(dir.resolve("safe.py"), """
                def transfer_funds(db_connection, sender, recipient, amount):
                    db_connection.execute("UPDATE accounts SET balance = balance - ? WHERE user = ?", (amount, sender))
                """);
        Cli found = Cli.run("scan-code", vulnerable.toString());
        assertThat(found.exitCode()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(found.out()).contains("bank.py:2:5: CWE-89 SQL injection [python.sql-injection]").contains("1 finding in 1 file");

        Cli none = Cli.run("scan-code", clean.toString());
        assertThat(none.exitCode()).as(none.out()).isEqualTo(ExitCodes.CONSISTENT);

        Cli missing = Cli.run("scan-code", clean.toString(), dir.resolve("nope.py").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(missing.out()).contains("nope.py: error: no such file or folder").endsWith("0 findings in 1 file; 1 not scanned\n");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void specialFilesAreRefusedByNameAndWhatWasNotScannedIsItsOwnExitCode() throws Exception {
        Path fifo = dir.resolve("src/pipe.py");
        Files.createDirectories(fifo.getParent());
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path zero = Files.createSymbolicLink(dir.resolve("src/zero.js"), Path.of("/dev/zero"));
        Files.writeString(dir.resolve("src/clean.py"), "print('hello')\n");

        Cli named = Cli.run("scan-code", zero.toString());
        assertThat(named.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(named.out()).contains(zero + ": error: not scanned: a symbolic link to /dev/zero, a character device; only "
                + "regular files are read");

        Cli folder = Cli.run("scan-code", "--format", "json", dir.resolve("src").toString());
        assertThat(folder.exitCode()).as(folder.err()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(folder.err()).contains(fifo + ": error: not scanned: a FIFO (named pipe); only regular files are read")
                .contains(zero + ": error: not scanned: a symbolic link to /dev/zero");
        var json = Json.MAPPER.readTree(folder.out());
        assertThat(json.path("complete").asBoolean(true)).isFalse();
        assertThat(json.path("files").asInt()).isEqualTo(3);
    }

    @Test
    void aNulByteOrALongDeepLineNoLongerHidesCodeAndAPartialScanIsFlagged() throws IOException {
        String vulnerable = "import os\ndef ping(request):\n    os.system('ping ' + request.args['host'])\n";
        Path nul = Files.writeString(dir.resolve("nul.py"), "# \0\n" + vulnerable);
        Cli found = Cli.run("scan-code", nul.toString());
        assertThat(found.exitCode()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(found.out()).contains("nul.py:4:5: CWE-78").contains("nul.py: warning: 1 NUL byte read as space");

        Path deep = Files.writeString(dir.resolve("deep.py"), "TOTAL = " + "1 + ".repeat(50_000) + "1\n");
        Cli partial = Cli.run("scan-code", deep.toString());
        assertThat(partial.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(partial.out()).contains("deep.py: warning: python code from line 1 is nested more than 500 levels deep")
                .endsWith("0 findings in 1 file; 1 scanned only in part\n");
    }

    @Test
    void theSizeLimitHasACeiling() {
        Cli run = Cli.run("scan-code", "--max-file-size", "200000000", ".");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--max-file-size must be between 1 byte and 8MiB (8388608 bytes");
        assertThat(Cli.run("scan-code", "--help").out()).containsPattern("4\\s+nothing found but an input was not\\s+scanned");
    }

    @Test
    void theSizeLimitTakesUnits() throws IOException {
        Path big = Files.writeString(dir.resolve("big.py"), "import os\nos.system(input())\n" + "# padding\n".repeat(200));
        Cli skipped = Cli.run("scan-code", "--max-file-size", "1KiB", big.toString());
        assertThat(skipped.exitCode()).as(skipped.out() + skipped.err()).isEqualTo(ExitCodes.INCOMPLETE);
        Cli scanned = Cli.run("scan-code", "--max-file-size", "8MiB", big.toString());
        assertThat(scanned.exitCode()).as(scanned.out() + scanned.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(Cli.run("scan-code", "--max-file-size", "9MiB", big.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    /** A linked folder is a common repository layout (a shared module linked in); a link back up is not a loop. */
    @Test
    void linkedFoldersAreScannedOnceAndALinkBackUpIsNoLoop() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("run.py"), "import os\nos.system(input())\n");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createSymbolicLink(repo.resolve("lib"), shared);
        Files.createSymbolicLink(repo.resolve("again"), shared);
        Files.createSymbolicLink(shared.resolve("up"), repo);
        Cli run = Cli.run("scan-code", repo.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(run.out()).contains("CWE-78").endsWith("1 finding in 1 file\n");
    }

    @Test
    void scansFoldersSkipsDependenciesAndWritesSarif() throws IOException {
        Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(dir.resolve("node_modules/lib"));
        Files.writeString(dir.resolve("src/run.js"), "const { exec } = require('child_process');\n"
                + "app.get('/ping', (req, res) => exec('ping -c 1 ' + req.query.host, (e, out) => res.send(out)));\n");
        Files.writeString(dir.resolve("node_modules/lib/evil.js"), "eval(process.argv[2]);\n");
        Files.writeString(dir.resolve("README.md"), "# Demo\n\n```python\nimport pickle\ndef load(blob):\n    return pickle.loads(blob)\n```\n");
        Path sarif = dir.resolve("scan.sarif");
        Cli run = Cli.run("scan-code", "--format", "sarif", "--output", sarif.toString(), dir.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(run.err()).contains("2 finding(s); report written to");
        var log = Json.MAPPER.readTree(Files.readString(sarif));
        assertThat(log.path("version").asString()).isEqualTo("2.1.0");
        assertThat(log.at("/runs/0/results")).hasSize(2);
        assertThat(log.at("/runs/0/results").toString()).contains("js.command-injection").contains("python.unsafe-deserialization")
                .doesNotContain("evil.js");
    }

    @Test
    void aFolderIsScannedAsOneProjectSoThatAHelperInAnotherFileIsFollowed() throws IOException {
        Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(dir.resolve("src/app/Shell.java"), """
                package app;
                public final class Shell {
                    public static void run(String command) throws java.io.IOException {
                        Runtime.getRuntime().exec(command);
                    }
                }
                """);
        Path handler = Files.writeString(dir.resolve("src/app/Handler.java"), """
                package app;
                import javax.servlet.http.*;
                public class Handler extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        Shell.run(request.getParameter("cmd"));
                    }
                }
                """);
        Cli alone = Cli.run("scan-code", handler.toString());
        assertThat(alone.exitCode()).as(alone.out()).isEqualTo(ExitCodes.CONSISTENT);

        Cli folder = Cli.run("scan-code", dir.resolve("src").toString());
        assertThat(folder.exitCode()).as(folder.out()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(folder.out()).contains("Handler.java:5:9: CWE-78").contains("Runtime.exec() in Shell.java in run() (line 4)")
                .contains("1 finding in 2 files");
    }

    @Test
    void anUnknownLanguageIsAUsageError() {
        Cli run = Cli.run("scan-code", "--language", "cobol", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--language: unknown language 'cobol'");
    }

    @Test
    void modelFilesAddAFrameworksSourcesAndSinksAndAMistakeInOneIsAUsageError() throws IOException {
        Path code = Files.writeString(dir.resolve("orders.py"), """
                import quill

                def orders(page):
                    quill.db.run_sql(quill.request.arg("customer"))
                """);
        Path model = Files.writeString(dir.resolve("quill.yaml"), """
                language: python
                framework: quill
                sources: [{call: quill.request.arg}]
                sinks: [{call: quill.db.run_sql, kind: sql}]
                """);
        assertThat(Cli.run("scan-code", code.toString()).exitCode()).isEqualTo(ExitCodes.CONSISTENT);

        Cli found = Cli.run("scan-code", "--models", model.toString(), code.toString());
        assertThat(found.exitCode()).as(found.out() + found.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(found.out()).contains("orders.py:4:5: CWE-89 SQL injection [python.model-sql]")
                .contains("quill quill.request.arg() (line 4) reaches quill.db.run_sql() (sql sink, the quill model), unescaped");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                language: python
                framework: quill
                sinks:
                  - call: quill.db.run_sql
                    kind: sqll
                """);
        Cli refused = Cli.run("scan-code", "--models", model.toString(), "--models", bad.toString(), code.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).startsWith("error: " + bad + ":5: sinks[0].kind: unknown kind 'sqll'; use one of sql, command")
                .hasLineCount(1);
        assertThat(refused.out()).isEmpty();

        Cli missing = Cli.run("scan-code", "--models", dir.resolve("nope.yaml").toString(), code.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--models " + dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void theLocalThreatModelCountsTheEnvironmentAndFilesAndIsRecordedInTheReport() throws IOException {
        Path code = Files.writeString(dir.resolve("Rotate.java"), """
                import java.io.*;
                class Rotate {
                    void run() throws IOException {
                        String log = System.getenv("LOG_FILE");
                        new FileOutputStream(new File(log)).close();
                    }
                }
                """);
        Cli remote = Cli.run("scan-code", code.toString());
        assertThat(remote.exitCode()).as(remote.out()).isEqualTo(ExitCodes.CONSISTENT);

        Cli local = Cli.run("scan-code", "--threat-model", "local", code.toString());
        assertThat(local.exitCode()).as(local.out() + local.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(local.out()).contains("Rotate.java:5:").contains("CWE-22").endsWith("1 finding in 1 file; threat model local\n");

        Cli json = Cli.run("scan-code", "--threat-model=LOCAL", "--format", "json", code.toString());
        assertThat(Json.MAPPER.readTree(json.out()).path("threatModel").asString()).isEqualTo("local");
    }

    @Test
    void anUnknownThreatModelIsAOneLineUsageErrorAndHelpListsTheChoices() {
        Cli run = Cli.run("scan-code", "--threat-model", "all", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .isEqualTo("error: Invalid value for option '--threat-model': unknown threat model 'all'; use remote or local");
        assertThat(run.out()).isEmpty();

        Cli help = Cli.run("scan-code", "--help");
        assertThat(help.out()).contains("--threat-model=<model>").contains("probation scan-code --threat-model local tools/");
    }
}
