package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A taken port gives our one-line message and exit code 1, and no library log line before it. */
class PortInUseTest {

    @TempDir
    Path dir;

    @Test
    void serveSaysOnlyThatThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String stderr = runCapturingStderr("serve", "-m", "organism:honest", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(stderr.lines()).as(stderr).containsExactly("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is already in use; stop what holds it or choose another --port");
        }
    }

    @Test
    void theGatewaySaysOnlyThatThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String stderr = runCapturingStderr("gateway", "-u", "http://127.0.0.1:9/v1", "--port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.resolve("gw").toString(), "--admin-token", "port-test-token-0123456789");
            assertThat(stderr.lines()).as(stderr).containsExactly("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is already in use; stop what holds it or choose another --port");
        }
    }

    /** Runs in-process and returns everything written to standard error: ours and the libraries' loggers'. */
    private static String runCapturingStderr(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Cli cli;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            cli = Cli.run(args);
        } finally {
            System.setErr(original);
        }
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.out()).isEmpty();
        return captured.toString(StandardCharsets.UTF_8) + cli.err();
    }
}
