package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCodeCommandTest {

    @TempDir
    Path dir;

    @Test
    void exitsThreeOnFindingsZeroWhenCleanOneWhenAFileIsMissing() throws IOException {
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
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.out()).contains("nope.py: error: no such file or folder");
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
    void anUnknownLanguageIsAUsageError() {
        Cli run = Cli.run("scan-code", "--language", "cobol", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--language: unknown language 'cobol'");
    }
}
