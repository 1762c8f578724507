package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.testing.Fault;
import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The official OpenAI Node SDK ({@code openai} 6.x, pinned in src/test/node) through the gateway:
 * plain, streamed, and an upstream error. Needs Node.js 18 or newer (Debian 12's works) and the npm registry (or npm's cache).
 */
@Tag("integration")
class NodeSdkTest {

    private static final Path SOURCES = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/node-sdk");

    @TempDir
    Path dir;

    @BeforeAll
    static void installSdk() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "sdk-check.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/openai"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), List.of(), 300);
        }
    }

    @Test
    void theOpenAiNodeSdkWorksThroughTheGatewayPlainStreamedAndOnErrors() throws Exception {
        try (Harness h = Harness.start(dir)) {
            h.upstream.respond(r -> Reply.text("Hello there, friend!"))
                    .failWhen(r -> r.model().equals("broken-model"), Fault.serverError(500));
            String output = run(List.of("node", "sdk-check.mjs"), List.of(
                    "OPENAI_BASE_URL=" + h.base() + "/v1", "OPENAI_API_KEY=sk-node-test", "ERROR_MODEL=broken-model"), 60);
            JsonNode result = Json.MAPPER.readTree(output.lines().reduce((a, b) -> b).orElseThrow());

            assertThat(result.path("plain").path("text").asString()).isEqualTo("Hello there, friend!");
            assertThat(result.path("stream").path("text").asString()).isEqualTo("Hello there, friend!");
            assertThat(result.path("stream").path("finishReason").asString()).isEqualTo("stop");
            assertThat(result.path("stream").path("chunks").asInt()).isEqualTo(1 + 3 + 1 + 1);
            assertThat(result.path("stream").path("usage").path("completion_tokens").asInt()).isEqualTo(3);
            assertThat(result.path("error").path("isApiError").asBoolean()).isTrue();
            assertThat(result.path("error").path("status").asInt()).isEqualTo(500);
            assertThat(result.path("error").path("message").asString()).contains("upstream failure");

            h.awaitRecorded(3);
            JsonNode plain = h.api("/api/exchanges/" + result.path("plain").path("exchangeId").asString());
            assertThat(plain.path("clientTag").asString()).isEqualTo("node-sdk");
            assertThat(plain.path("answer").asString()).isEqualTo("Hello there, friend!");
            JsonNode streamed = h.api("/api/exchanges/" + result.path("stream").path("exchangeId").asString());
            assertThat(streamed.path("streamed").asBoolean()).isTrue();
            assertThat(streamed.path("answer").asString()).isEqualTo("Hello there, friend!");
            assertThat(h.api("/api/exchanges?model=broken-model").path("items").get(0).path("status").asInt())
                    .isEqualTo(500);
        }
    }

    /** Runs a command in the SDK folder and returns its standard output; fails with its error output. */
    private static String run(List<String> command, List<String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile());
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
