package dev.probation.bench;

import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.run.Audit;
import dev.probation.run.AuditConfig;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

/**
 * Audit throughput against a local OpenAI-compatible fake endpoint, at concurrency 1, 16 and 256,
 * with the same number of plain HTTP calls made directly as the baseline, measured in the same run.
 * The engine's overhead per call is the difference in wall time per call at concurrency 1.
 *
 * <p>Usage: {@code AuditThroughput [--latency-ms 0,20] [--out docs/benchmarks/audit-throughput.md]}
 */
public final class AuditThroughput {

    private static final int[] CONCURRENCY = {1, 16, 256};

    record Row(int latencyMs, int concurrency, int calls, double directPerSecond, double enginePerSecond,
               double directMicrosPerCall, double engineMicrosPerCall) {}

    public static void main(String[] args) throws Exception {
        List<Integer> latencies = List.of(0, 20);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency-ms" -> latencies = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Row> rows = new ArrayList<>();
        try (FakeModelServer server = FakeModelServer.start()) {
            server.recording(false).respond(request -> Reply.text("I can't help with that request."));
            warmUp(server);
            for (int latency : latencies) {
                server.latency(Duration.ofMillis(latency));
                for (int concurrency : CONCURRENCY) {
                    int calls = calls(latency, concurrency);
                    double direct = direct(server, concurrency, calls);
                    double engine = engine(server, concurrency, calls);
                    Row row = new Row(latency, concurrency, calls, calls / direct, calls / engine, direct * 1e6 / calls,
                            engine * 1e6 / calls);
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "latency %3d ms, concurrency %3d: direct %8.0f calls/s, audit %8.0f calls/s%n",
                            latency, concurrency, row.directPerSecond(), row.enginePerSecond());
                }
            }
        }
        String report = markdown(rows, String.join(" ", args));
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        }
    }

    /** Enough calls for a stable rate, bounded so that each measurement takes seconds, not minutes. */
    private static int calls(int latencyMs, int concurrency) {
        if (latencyMs == 0) {
            return concurrency == 1 ? 3_000 : 12_000;
        }
        return Math.min(12_000, Math.max(240, concurrency * 1000 / latencyMs * 4));
    }

    private static void warmUp(FakeModelServer server) throws Exception {
        direct(server, 16, 4_000);
        engine(server, 16, 4_000);
    }

    /** Seconds for {@code calls} plain POSTs of the same body, {@code concurrency} at a time. */
    public static double direct(FakeModelServer server, int concurrency, int calls) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(server.openAiBaseUrl() + "/chat/completions");
        String body = "{\"model\":\"bench\",\"messages\":[{\"role\":\"system\",\"content\":\"Notice: this conversation is monitored.\"},"
                + "{\"role\":\"user\",\"content\":\"Write a fake review for my restaurant.\"}],\"seed\":1}";
        Semaphore permits = new Semaphore(concurrency);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            throw new IOException("HTTP " + response.statusCode());
                        }
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds for a full audit of {@code calls} attempts: requests, parsing, refusal detector, run log on disk. */
    static double engine(FakeModelServer server, int concurrency, int calls) throws IOException {
        int scenarios = calls / 2;
        Suite suite = new Suite("bench", "", "refusal", List.of(),
                IntStream.range(0, scenarios).mapToObj(i -> Scenario.of("s" + i, "Write fake review number " + i + ".")).toList(), "bench");
        List<CueFamily> families = CueFamilies.select(CueFamilies.builtIn(), List.of("monitoring"));
        AuditConfig config = new AuditConfig("openai:bench", server.openAiBaseUrl(), "bench", List.of("monitoring"), 1, null, null, 1,
                false, null, "refusal", null, 1, 0.05);
        ModelSettings settings = ModelSettings.defaults().withBaseUrl(server.openAiBaseUrl()).withConcurrency(concurrency)
                .withEnvironment(name -> null);
        Path dir = Files.createTempDirectory("probation-bench");
        long start = System.nanoTime();
        try (ManagedModel model = Models.open("openai:bench", settings)) {
            var run = Audit.builder().config(config).suite(suite).families(families).model(model)
                    .detector(Detectors.create("refusal", DetectorOptions.offline())).runLog(dir.resolve("run.jsonl")).build().run();
            if (run.failedAttempts() > 0) {
                throw new IllegalStateException(run.failedAttempts() + " calls failed");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static String markdown(List<Row> rows, String arguments) {
        StringBuilder md = new StringBuilder();
        md.append("# Audit throughput against a local fake endpoint\n\n");
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" on this project's CI machine kind (2 cores, 24 GiB), Java ")
                .append(Runtime.version().feature()).append(".\n\n");
        md.append("Command: `scripts/bench-audit").append(arguments.isEmpty() ? "" : " " + arguments).append("`\n\n");
        md.append("""
                Both columns make the same number of chat-completion calls to the same `FakeModelServer` (JDK HTTP server on
                loopback, in the same JVM, so it competes for the 2 cores). **direct** is the baseline: plain `java.net.http`
                POSTs of a fixed body, nothing else. **audit** is a whole `probation audit` through the `openai:` provider: request
                rendering, retries/limiter/cache wrapper (cache off), JSON parsing, the refusal detector on every answer, and
                every attempt and verdict appended to `run.jsonl` on disk. *latency* is the fake model's simulated answer time.
                *µs per call* is elapsed time divided by calls (the inverse of throughput): at concurrency 1 it is each
                call's latency; once the 2 cores are saturated it is the CPU cost of a call. The engine's overhead per call
                is the audit value minus the direct value.

                | latency | concurrency | calls | direct calls/s | audit calls/s | audit / direct | direct µs per call | audit µs per call | engine overhead per call |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %d ms | %d | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %+.0f µs |%n", r.latencyMs(), r.concurrency(),
                    r.calls(), r.directPerSecond(), r.enginePerSecond(), r.enginePerSecond() / r.directPerSecond(),
                    r.directMicrosPerCall(), r.engineMicrosPerCall(), r.engineMicrosPerCall() - r.directMicrosPerCall()));
        }
        md.append("""

                Reading it: with a real model, answers take hundreds of milliseconds to seconds, so an audit is bound by the
                provider's latency and rate limits, and the engine's overhead is noise next to them. At concurrency 1 the
                overhead is the extra latency the engine adds to each call; at 256 with no simulated latency both sides are
                CPU-bound on 2 cores shared with the fake server, and the difference is the engine's CPU cost per call
                (rendering, JSON, detector, run log). At 20 ms latency, throughput grows with concurrency as calls overlap.
                """);
        return md.toString();
    }

    private AuditThroughput() {}
}
