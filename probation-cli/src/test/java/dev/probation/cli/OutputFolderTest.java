package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --out} never overwrites files that are not the command's own earlier results. */
class OutputFolderTest {

    @TempDir
    Path dir;

    private Path foreignFolder() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("summary.json"), "{}");
        return mine;
    }

    @Test
    void anAuditRefusesAFolderThatHoldsSomethingElse() throws IOException {
        Path mine = foreignFolder();
        for (String resume : new String[] {"--no-progress", "--resume"}) {
            Cli cli = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "12", resume, "-o", mine.toString());
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(cli.err().lines()).as(resume).hasSize(1).first().asString()
                    .startsWith("error: --out " + mine + " is not empty and holds no Probation run");
            assertThat(cli.out()).isEmpty();
        }
        assertThat(Files.readString(mine.resolve("summary.json"))).isEqualTo("{}");
        try (var files = Files.list(mine)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("summary.json");
        }
    }

    @Test
    void anAuditWritesIntoANewOrEmptyFolder() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli cli = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "12", "--seed", "3", "--no-progress",
                "-o", empty.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(empty.resolve("run.jsonl")).exists();
    }

    @Test
    void aTriggerSearchRefusesAFolderThatHoldsSomethingElse() throws IOException {
        Path mine = foreignFolder();
        Cli cli = Cli.run("scan-triggers", "-m", "organism:honest", "-s", "code-security", "--categories", "deployment-tags",
                "--positions", "user-end", "--no-progress", "-o", mine.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).hasSize(1).first().asString().startsWith("error: --out " + mine + " is not empty");
        assertThat(mine.resolve("triggers.json")).doesNotExist();
    }

    @Test
    void theDemoRefusesAFolderThatIsNotADemo() throws IOException {
        Path mine = foreignFolder();
        Files.createDirectories(mine.resolve("honest/sandbagging"));
        Files.writeString(mine.resolve("honest/sandbagging/notes.txt"), "mine");
        Cli cli = Cli.run("demo", "--no-progress", "-o", mine.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).hasSize(1).first().asString().startsWith("error: --out " + mine + " is not empty");
        assertThat(mine.resolve("honest/sandbagging/notes.txt")).exists();
    }
}
