package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs npm and node for the tests that drive official Node SDKs through the gateway. */
final class NodeProcess {

    private NodeProcess() {}

    /** Runs a command in {@code folder} and returns its standard output; fails with its error output. */
    static String run(Path folder, List<String> command, List<String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        env.forEach(e -> builder.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
        Path err = Files.createTempFile("node", ".err");
        builder.redirectError(err.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " is needed for this test (Node.js 18+ with npm): " + e.getMessage(), e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        assertThat(process.exitValue()).as(String.join(" ", command) + " failed:\n" + Files.readString(err) + out).isZero();
        return out;
    }
}
