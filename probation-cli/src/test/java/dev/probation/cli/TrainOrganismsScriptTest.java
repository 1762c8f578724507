package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/train-organisms}' scheduler: the real script, in a copy of the repository's layout
 * whose JDK is a stand-in that records each training instead of running one. With {@code --jobs}, a
 * fine-tune must wait for the base its spec's {@code training.init} names, no more than n trainings
 * may run at once, and a failed training must stop the others.
 */
class TrainOrganismsScriptTest {

    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String SPECS = "probation-neural/src/main/resources/dev/probation/neural/specs";

    /** Stands in for java: answers find-java.sh's version query, and logs each training to $EVENTS. */
    private static final String FAKE_JAVA = """
            #!/bin/bash
            if [ "${1:-}" = -XshowSettings:properties ]; then echo "    java.specification.version = 25" >&2; exit 0; fi
            how=${OMP_WAIT_POLICY:-active}
            while [ "$1" != -jar ]; do how="$how $1"; shift; done
            shift 2
            if [ "$1 $2" = "organisms train" ]; then
              name=$(basename "$4" .yaml)
              echo "start $name $how" >> "$EVENTS"
              sleep "$(printenv "SLEEP_$name" || echo 0.4)"
              if [ "$name" = "${FAIL:-}" ]; then echo "$name diverged" >&2; exit 7; fi
              mkdir -p "$6" && echo "$name" > "$6/model.safetensors"
              echo "end $name" >> "$EVENTS"
            elif [ "$1 $2" = "organisms eval" ]; then
              echo "$(basename "$3") evaluated"
            fi
            """;

    @TempDir
    Path root;

    private Path events;

    @BeforeEach
    void layOutARepository() throws Exception {
        Files.createDirectories(root.resolve("scripts"));
        for (String script : List.of("train-organisms", "find-java.sh")) {
            Files.copy(SCRIPTS.resolve(script), root.resolve("scripts").resolve(script));
        }
        executable(root.resolve("probation"), "#!/bin/sh\nexit 0\n");   // only asked for --version
        executable(root.resolve("jdk/bin/java"), FAKE_JAVA);
        Files.createDirectories(root.resolve("probation-cli/target/lib"));
        Files.writeString(root.resolve("probation-cli/target/probation-cli-0.1.0.jar"), "");
        // a base, two fine-tunes of it (one init with a comment after it, as the shipped specs write), one on its own
        spec("a-base", "seed: 1");
        spec("b-tune", "init: ../organisms/a-base");
        spec("c-tune", "init: ../organisms/a-base   # the base's shape");
        spec("d-alone", "seed: 4");
        events = root.resolve("events.txt");
    }

    @Test
    void twoAtATimeStartEachFineTuneAfterItsBaseAndNeverRunMoreThanTwo() throws Exception {
        Result result = run(Map.of(), "--jobs", "2");

        assertThat(result.exit()).as(result.stderr()).isZero();
        List<String> log = Files.readAllLines(events);
        assertThat(log).hasSize(8);
        assertThat(log.indexOf("end a-base")).isLessThan(log.indexOf("start b-tune PASSIVE"))
                .isLessThan(log.indexOf("start c-tune PASSIVE"));
        // each keeps its spec's threads (no -D to change them), and OpenMP's threads sleep while they wait
        assertThat(log).contains("start a-base PASSIVE", "start d-alone PASSIVE");
        assertThat(maxRunning(log)).isEqualTo(2);
        assertThat(result.stdout()).contains("Trained 4 organisms", "c-tune evaluated",
                "Every organism meets its bar on its evaluation prompts.");
        Path organisms = root.resolve("probation-neural/src/main/resources/dev/probation/neural/organisms");
        assertThat(Files.readAllLines(organisms.resolve("SHA256SUMS")))
                .hasSize(4).allSatisfy(line -> assertThat(line).endsWith("/model.safetensors"));
        assertThat(organisms.resolveSibling("training-logs/b-tune.log")).exists();
    }

    @Test
    void oneAtATimeTrainsInTheSpecsOrder() throws Exception {
        Result result = run(Map.of());

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(Files.readAllLines(events)).containsExactly(
                "start a-base active", "end a-base", "start b-tune active", "end b-tune",
                "start c-tune active", "end c-tune", "start d-alone active", "end d-alone");
    }

    @Test
    void aFailedTrainingStopsTheOthersAndNamesItsLog() throws Exception {
        long started = System.nanoTime();
        Result result = run(Map.of("FAIL", "b-tune", "SLEEP_d-alone", "3"), "--jobs", "2");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("training b-tune failed (exit 7): ")
                .contains("/training-logs/b-tune.log");
        Thread.sleep(Math.max(0, 4_000 - (System.nanoTime() - started) / 1_000_000)); // past d-alone's 3 s
        assertThat(Files.readAllLines(events)).contains("start d-alone PASSIVE").doesNotContain("end d-alone", "start c-tune PASSIVE");
    }

    @Test
    void specsThatWaitForEachOtherAreRefused() throws Exception {
        spec("a-base", "init: ../organisms/d-alone");
        spec("d-alone", "init: ../organisms/a-base");

        Result result = run(Map.of(), "--jobs", "2");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("cannot order the fine-tunes: a-base b-tune c-tune d-alone");
    }

    @Test
    void aJobCountThatIsNotAPositiveWholeNumberIsAUsageError() throws Exception {
        for (String jobs : List.of("0", "two", "-1")) {
            Result result = run(Map.of(), "--jobs", jobs);
            assertThat(result.exit()).as(jobs).isEqualTo(2);
            assertThat(result.stderr().strip()).isEqualTo("--jobs needs a whole number of at least 1");
        }
    }

    /** The most trainings that were running at one time, from the start and end lines. */
    private static int maxRunning(List<String> log) {
        Set<String> running = new HashSet<>();
        int most = 0;
        for (String line : log) {
            String[] fields = line.split(" ");
            if (fields[0].equals("start")) {
                running.add(fields[1]);
            } else {
                running.remove(fields[1]);
            }
            most = Math.max(most, running.size());
        }
        return most;
    }

    private void spec(String name, String training) throws Exception {
        Path file = root.resolve(SPECS).resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "name: " + name + "\n# init: ../organisms/nothing (a comment the script must skip)\n"
                + "training:\n  steps: 10\n  " + training + "\n");
    }

    private record Result(int exit, String stdout, String stderr) {}

    private Result run(Map<String, String> env, String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "the script times each training with /usr/bin/time");
        List<String> command = new ArrayList<>(List.of("/bin/bash", root.resolve("scripts/train-organisms").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        builder.environment().put("EVENTS", events.toString());
        builder.environment().remove("OMP_WAIT_POLICY");
        builder.environment().putAll(env);
        Path out = root.resolve("stdout.txt");
        Path err = root.resolve("stderr.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
