package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The gateway on a real, small file system that fills up: 3,000 calls at concurrency 4, with the
 * SQLite file and the spool on a 24 MB tmpfs that is filled to the last byte for 10 s. Not part
 * of the build (mounting needs root); run it by hand, see docs/gateway.md:
 *
 * <pre>{@code
 * mkdir -p /tmp/full && mount -t tmpfs -o size=24m tmpfs /tmp/full
 * ./build -pl probation-gateway -am -Dtest=FullDiskCheck -Dfull.dir=/tmp/full \
 *     -Dsurefire.failIfNoSpecifiedTests=false verify     # add -Dhold=1048576 for a 1 MiB hold
 * umount /tmp/full
 * }</pre>
 */
class FullDiskCheck {

    @Test
    void everyCallAnswered200IsRecordedAfterTheDiskWasFull() throws Exception {
        String where = System.getProperty("full.dir");
        Assumptions.assumeTrue(where != null, "give -Dfull.dir=<a small mounted file system>");
        Path filler = Path.of(where, "filler");
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (LogCapture log = LogCapture.start();
             Harness h = Harness.start(Path.of(where, "data"), b -> b.holdLimit(Long.getLong("hold", 64L << 20)))) {
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 3000; i++) {
                String body = Harness.chatBody(i + " " + "q".repeat(2000), false);
                clients.execute(() -> {
                    int status = Harness.post(h.gateway, body);
                    assertThat(status).isIn(200, 503);
                    (status == 200 ? answered : refused).incrementAndGet();
                    Harness.sleep(5);
                });
            }
            Harness.sleep(3000);
            fill(filler);
            Harness.sleep(10_000);
            System.out.println("while full: " + h.api("/api/status"));
            Files.delete(filler);
            clients.shutdown();
            assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            Harness.await(() -> h.gateway.pending() == 0, () -> h.api("/api/status").toString(), Duration.ofSeconds(120));
            long recorded = h.api("/api/exchanges?limit=1").path("total").asLong();
            long stackLines = log.text().lines().filter(line -> line.startsWith("\tat ")).count();
            System.out.printf("3000 sent: %d answered 200, %d answered 503, %d recorded, %d log lines, %d stack-trace lines%n",
                    answered.get(), refused.get(), recorded, log.text().lines().count(), stackLines);
            assertThat(recorded).as("recorded == answered 200").isEqualTo(answered.get());
            assertThat(stackLines).isZero();
        }
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            System.out.println("the disk is full: " + e.getMessage());
        }
    }
}
