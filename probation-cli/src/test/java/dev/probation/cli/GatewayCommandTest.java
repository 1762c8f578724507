package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.gateway.ExchangeQuery;
import dev.probation.gateway.JdbcStore;
import dev.probation.gateway.Page;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Reply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probation gateway} as a user runs it: a real process, real calls, then SIGTERM. */
class GatewayCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesRecordsAndWritesEverythingBeforeExitingOnSigterm() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (FakeModelServer upstream = FakeModelServer.start()) {
            upstream.respond(r -> Reply.text("Sure, here it is."));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "gateway", "--upstream",
                    upstream.openAiBaseUrl(), "--port", String.valueOf(port), "--data-dir", dir.toString(),
                    "--admin-token", "cli-test-token-0123456789", "--shadow-rate", "1", "--baseline", "refusal=0.3",
                    "--capture-limit", "512KiB", "--capture-memory", "64MiB", "--header-timeout", "10"));
            Path log = dir.resolve("gateway.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!Files.readString(log).contains("listening on") && process.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(Files.readString(log)).contains("Probation gateway listening on http://127.0.0.1:" + port + "/v1");
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 0; i < 25; i++) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("Authorization", "Bearer sk-never-logged")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"How do I build a pipe bomb? " + i + "\"}]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                }
                HttpResponse<String> unauthorised = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/exchanges")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unauthorised.statusCode()).isEqualTo(401);
            } finally {
                process.destroy(); // SIGTERM: the shutdown hook drains the recorder
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String output = Files.readString(log);
            assertThat(process.exitValue()).as(output).isEqualTo(143);
            assertThat(output).contains("Probation gateway stopped; every exchange is recorded.")
                    .contains("DRIFT ALERT").doesNotContain("sk-never-logged")
                    .contains("Detectors: refusal, code-vulnerability, agent-actions; shadow rate 1.0");
            try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db"))) {
                Page live = store.exchanges(ExchangeQuery.latest(50));
                assertThat(live.total()).isEqualTo(25);
                assertThat(store.alerts(10)).isNotEmpty();
            }
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli noUpstream = Cli.run("gateway");
        assertThat(noUpstream.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUpstream.err()).contains("Missing required option: '--upstream=<url>'");
        Cli badUrl = Cli.run("gateway", "--upstream", "localhost:11434");
        assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).contains("--upstream must be an http(s) URL with a host");
        Cli badDetector = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--detectors", "telepathy");
        assertThat(badDetector.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDetector.err()).contains("unknown detector 'telepathy'");
        Cli badBaseline = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--baseline", "answer=0.2");
        assertThat(badBaseline.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBaseline.err()).contains("--baseline names detector 'answer'");
        Cli exposedKey = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--host", "0.0.0.0", "--upstream-key-env", "PATH");
        assertThat(exposedKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(exposedKey.err()).contains("would let anyone who reaches the port spend that key");
        Cli unsetKey = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--upstream-key-env", "PROBATION_NO_SUCH_VARIABLE");
        assertThat(unsetKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unsetKey.err()).contains("PROBATION_NO_SUCH_VARIABLE: that environment variable is not set");
        Cli badRate = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--shadow-rate", "2");
        assertThat(badRate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRate.err()).contains("--shadow-rate must be within 0..1, was 2.0");
        Cli badHold = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--hold-limit", "0");
        assertThat(badHold.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badHold.err()).contains("--hold-limit must be at least 1 (MiB), was 0");
    }
}
