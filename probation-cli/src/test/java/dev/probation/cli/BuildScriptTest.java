package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's test command on a machine that lacks the integration tests' programs: {@code ./build}
 * must say so in one line before Maven starts, not fail minutes later inside a test. Runs the real
 * {@code scripts/prerequisites.sh} under bash with a PATH and program locations of the test's making.
 */
class BuildScriptTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "prerequisites.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void namesEverythingMissingInOneLineWhenItMayNotInstall() throws Exception {
        Path bin = pathWith("ls", "sort", "tail", "id");
        Result result = check(bin, Map.of(
                "PROBATION_PG_BIN", dir.resolve("no-postgres").toString(),
                "PROBATION_CHROMIUM", dir.resolve("no-chromium").toString(),
                "PROBATION_CHROMEDRIVER", dir.resolve("no-chromedriver").toString(),
                "PROBATION_INSTALL", "never"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: the full test run needs postgresql chromium chromium-driver nodejs npm ")
                .contains("apt-get install postgresql chromium chromium-driver nodejs npm")
                .contains("./build --quick"));
    }

    @Test
    void saysNothingWhenEverythingIsThere() throws Exception {
        Path bin = pathWith("ls", "sort", "tail", "id");
        Path pg = Files.createDirectories(dir.resolve("pg"));
        for (Path program : List.of(pg.resolve("initdb"), pg.resolve("pg_ctl"), bin.resolve("node"), bin.resolve("npm"),
                dir.resolve("chromium"), dir.resolve("chromedriver"))) {
            executable(program);
        }
        Result result = check(bin, Map.of(
                "PROBATION_PG_BIN", pg.toString(),
                "PROBATION_CHROMIUM", dir.resolve("chromium").toString(),
                "PROBATION_CHROMEDRIVER", dir.resolve("chromedriver").toString(),
                "PROBATION_INSTALL", "never"));

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void listsOnlyWhatIsMissing() throws Exception {
        Path bin = pathWith("ls", "sort", "tail", "id", "node", "npm");
        Path pg = Files.createDirectories(dir.resolve("pg"));
        executable(pg.resolve("initdb"));
        executable(pg.resolve("pg_ctl"));
        Result result = check(bin, Map.of(
                "PROBATION_PG_BIN", pg.toString(),
                "PROBATION_CHROMIUM", dir.resolve("no-chromium").toString(),
                "PROBATION_CHROMEDRIVER", dir.resolve("no-chromedriver").toString(),
                "PROBATION_INSTALL", "never"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: the full test run needs chromium chromium-driver (");
    }

    private record Result(int exit, String stderr) {
    }

    private Result check(Path bin, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "--noprofile", "--norc", "-c",
                ". \"$1\" && probation_install_prerequisites", "check", SCRIPT.toString());
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("HOME", dir.toString());
        builder.environment().putAll(env);
        Path err = dir.resolve("stderr.txt");
        Process process = builder.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(err));
    }

    /** A folder for PATH holding only the named programs: the system's where they exist, stubs otherwise. */
    private Path pathWith(String... programs) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String program : programs) {
            Path system = Path.of("/usr/bin", program);
            if (Files.isExecutable(system) && !List.of("node", "npm").contains(program)) {
                Files.createSymbolicLink(bin.resolve(program), system);
            } else {
                executable(bin.resolve(program));
            }
        }
        return bin;
    }

    private static void executable(Path file) throws Exception {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
