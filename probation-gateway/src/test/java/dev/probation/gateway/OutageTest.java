package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.testing.FakeModelServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the database is away, captures reach the disk at once, whatever asking the database costs. */
class OutageTest {

    @TempDir
    Path dir;

    @Test
    void whileTheDatabaseIsDownCapturesAreSpooledEvenWhileItsProbeHangs() throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start()) {
            FlakyStore store = new FlakyStore(JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db")));
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .adminToken(Harness.TOKEN).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors(), store)) {
                CountDownLatch answer = new CountDownLatch(1);
                store.slowProbe = answer;
                try {
                    store.down = true;
                    assertThat(send(gateway, "the first failure")).isEqualTo(200);
                    // The recorder asks whether the database is back before it replays; that question now hangs.
                    Harness.await(() -> store.probes.get() > 0, () -> "no probe yet");
                    for (int i = 0; i < 20; i++) {
                        assertThat(send(gateway, "while the probe hangs " + i)).isEqualTo(200);
                    }
                    Harness.await(() -> status(gateway).path("spooled").asLong() == 21
                            && status(gateway).path("queued").asLong() == 0, () -> status(gateway).toString());
                } finally {
                    store.down = false;
                    answer.countDown();
                }
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 21,
                        () -> "pending " + gateway.pending(), java.time.Duration.ofSeconds(60));
            }
        }
    }

    /** {@code /api/status}, read as a client would. */
    static tools.jackson.databind.JsonNode status(Gateway gateway) {
        return dev.probation.util.Json.MAPPER.readTree(Harness.get(gateway, "/api/status"));
    }

    private static int send(Gateway gateway, String text) {
        return Harness.post(gateway, Harness.chatBody(text, false));
    }
}
