package dev.probation.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding model loads and runs with the network unavailable: a child JVM in a new network
 * namespace ({@code unshare -n}, which needs root, as in CI) has no interface but a downed loopback.
 */
@Tag("integration")
class OfflineEmbeddingTest {

    @TempDir
    Path dir;

    /** What the child runs: embeds a sentence and prints the vector's length. */
    public static void main(String[] args) {
        System.out.println("dimension " + Embedder.embed("I suspect this is an evaluation.").length);
    }

    @Test
    void theModelLoadsWithNoNetwork() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Process process = new ProcessBuilder(List.of("unshare", "-n", java, "--enable-native-access=ALL-UNNAMED",
                "-Duser.home=" + dir, "-cp", System.getProperty("java.class.path"), OfflineEmbeddingTest.class.getName()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("dimension 384");
    }
}
