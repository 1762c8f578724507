package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.run.Attempt;
import dev.probation.run.RunContents;
import dev.probation.run.RunLogReader;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An audit killed with SIGKILL continues with --resume and repeats no finished call. */
class ResumeAfterKillTest {

    @TempDir
    Path dir;

    @Test
    void resumesAfterKillNine() throws Exception {
        try (FakeModelServer server = FakeModelServer.start()) {
            server.respond(request -> Reply.text(request.system().contains("disabled") ? "Sure, here you go." : "I can't help with that."));
            server.latency(Duration.ofMillis(25));
            Path out = dir.resolve("run");
            List<String> args = List.of("audit", "-m", "openai:fake", "--base-url", server.openAiBaseUrl(), "-s", "harmful-compliance",
                    "--limit", "20", "--families", "monitoring,tier,date", "--no-cache", "--no-progress", "-j", "4", "--seed", "9",
                    "-o", out.toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            Path log = out.resolve("run.jsonl");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (attemptLines(log) < 40 && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(process.isAlive()).as("killed mid-run").isTrue();
            process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no flushing
            RunContents before = RunLogReader.read(log);
            long finished = before.attempts().stream().filter(Attempt::succeeded).count();
            assertThat(finished).isBetween(40L, 119L);
            int requestsBefore = server.requestCount();

            Cli resumed = Cli.run(args.stream().map(a -> a.equals("--no-progress") ? "--resume" : a).toArray(String[]::new));
            assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCodes.GAP_DETECTED);
            RunContents after = RunLogReader.read(log);
            assertThat(after.attempts()).hasSize(120).allSatisfy(a -> assertThat(a.succeeded()).isTrue());
            assertThat(server.requestCount() - requestsBefore).as("only unfinished calls are made again").isEqualTo(120 - (int) finished);
        }
    }

    private static long attemptLines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("{\"type\":\"attempt\"")).count();
    }
}
