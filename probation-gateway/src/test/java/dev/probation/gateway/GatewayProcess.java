package dev.probation.gateway;

import java.net.URI;
import java.nio.file.Path;

/**
 * A gateway in a JVM of its own, for tests that need to choose its heap: {@code <upstream> <data dir>}.
 * Prints {@code PORT <n>} once it listens, and runs until it is stopped.
 */
public final class GatewayProcess {

    private GatewayProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Gateway gateway = Gateway.start(GatewayConfig.builder(URI.create(args[0])).port(0).dataDir(Path.of(args[1]))
                .adminToken(Harness.TOKEN).seed(1).build(), Harness.detectors());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        System.out.println("PORT " + gateway.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
