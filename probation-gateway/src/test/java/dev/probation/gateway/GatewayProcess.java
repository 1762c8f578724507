package dev.probation.gateway;

import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A gateway in a JVM of its own, for tests that need to choose its heap: {@code <upstream> <data dir>}.
 * Prints {@code PORT <n>} once it listens, and runs until it is stopped.
 */
public final class GatewayProcess {

    private GatewayProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Gateway gateway = Gateway.start(GatewayConfig.builder(URI.create(args[0])).port(0).dataDir(Path.of(args[1]))
                // code-vulnerability only: the refusal detector's request classifier loads a 90 MB embedding
                // model, which is not what a test of the capture memory measures.
                .adminToken(Harness.TOKEN).seed(1).build(), List.of(Detectors.create("code-vulnerability", DetectorOptions.offline())));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        System.out.println("PORT " + gateway.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
