package dev.probation.bench;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.gateway.ExchangeQuery;
import dev.probation.gateway.Gateway;
import dev.probation.gateway.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency and throughput through the gateway against going direct to the same upstream, measured
 * with wrk on loopback in one run. Rounds alternate direct and gateway so that drift of the machine
 * hits both alike; medians are reported. The gateway records everything to SQLite and runs its
 * detectors while it is measured, as in production.
 *
 * <p>Usage: {@code GatewayBenchmark [--duration 10] [--rounds 3] [--only <scenario text>] [--out file.md]}
 */
public final class GatewayBenchmark {

    private static final String TOKEN = "benchmark-admin-token-0123456789";

    record Scenario(String name, int latencyMs, boolean stream, int connections) {}

    record Load(double p50, double p99, double rps, long requests, long errors) {}

    record Row(Scenario scenario, List<Load> direct, List<Load> gateway, double ownMeanMs) {}

    public static void main(String[] args) throws Exception {
        int duration = 10;
        int rounds = 3;
        Path out = null;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Scenario> scenarios = List.of(
                new Scenario("20 ms upstream, 8 connections, plain", 20, false, 8),
                new Scenario("20 ms upstream, 8 connections, streamed", 20, true, 8),
                new Scenario("20 ms upstream, 32 connections, plain", 20, false, 32),
                new Scenario("20 ms upstream, 32 connections, streamed", 20, true, 32),
                new Scenario("20 ms upstream, 256 connections, plain (CPU-bound)", 20, false, 256),
                new Scenario("instant upstream, 32 connections, plain (CPU-bound)", 0, false, 32));
        if (only != null) {
            String wanted = only;
            scenarios = scenarios.stream().filter(s -> s.name().contains(wanted)).toList();
        }
        Path work = Files.createTempDirectory("probation-gateway-bench");
        List<Row> rows = new ArrayList<>();
        long recorded;
        long completed = 0;
        try (JettyUpstream upstream = new JettyUpstream()) {
            List<Detector> detectors = List.of(Detectors.create("refusal", DetectorOptions.offline()),
                    Detectors.create("code-vulnerability", DetectorOptions.offline()));
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.baseUrl())).port(0)
                    .dataDir(work).adminToken(TOKEN).build();
            try (Gateway gateway = Gateway.start(config, detectors)) {
                String direct = upstream.baseUrl() + "/chat/completions";
                String through = "http://127.0.0.1:" + gateway.port() + "/v1/chat/completions";
                for (Scenario scenario : scenarios) {
                    upstream.latency(Duration.ofMillis(scenario.latencyMs()));
                    Path script = lua(work, scenario.stream());
                    wrk(direct, script, scenario.connections(), 3);
                    completed += wrk(through, script, scenario.connections(), 3).requests();
                    double[] before = overhead(get("http://127.0.0.1:" + gateway.port() + "/metrics"));
                    List<Load> directLoads = new ArrayList<>();
                    List<Load> gatewayLoads = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        directLoads.add(wrk(direct, script, scenario.connections(), duration));
                        Load load = wrk(through, script, scenario.connections(), duration);
                        completed += load.requests();
                        gatewayLoads.add(load);
                        System.out.printf(Locale.ROOT, "%s, round %d: direct p50 %.2f ms p99 %.2f ms %.0f req/s;"
                                        + " gateway p50 %.2f ms p99 %.2f ms %.0f req/s%n", scenario.name(), round + 1,
                                directLoads.getLast().p50(), directLoads.getLast().p99(), directLoads.getLast().rps(),
                                load.p50(), load.p99(), load.rps());
                    }
                    double[] after = overhead(get("http://127.0.0.1:" + gateway.port() + "/metrics"));
                    rows.add(new Row(scenario, directLoads, gatewayLoads, (after[0] - before[0]) / (after[1] - before[1])));
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (gateway.pending() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                recorded = gateway.store().exchanges(ExchangeQuery.latest(1)).total();
            }
        }
        List<String> shown = new ArrayList<>(List.of(args));
        int at = shown.indexOf("--out");
        if (at >= 0) {
            shown.subList(at, Math.min(at + 2, shown.size())).clear(); // the script's own destination
        }
        String report = markdown(rows, duration, rounds, recorded, completed, String.join(" ", shown));
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            // The memory section comes from scripts/bench-gateway-memory; a latency run keeps it.
            String previous = Files.exists(out) ? Files.readString(out) : "";
            int memory = previous.indexOf(MEMORY_SECTION);
            Files.writeString(out, memory < 0 ? report : report.stripTrailing() + "\n\n" + previous.substring(memory));
        }
    }

    private static final String MEMORY_SECTION = "## Memory with large bodies";

    private static Path lua(Path dir, boolean stream) throws IOException {
        String body = "{\"model\":\"bench\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"How do I get into the server room without a badge?\"}]}";
        Path script = dir.resolve(stream ? "stream.lua" : "plain.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '" + body + "'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"Authorization\"] = \"Bearer sk-bench\"\n");
        return script;
    }

    /** Runs wrk and reads its latency distribution and rate. */
    static Load wrk(String url, Path script, int connections, int seconds) throws Exception {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "--timeout", "10s", "-s", script.toString(), url).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + output);
        }
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(output);
        Matcher rate = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(output);
        if (!requests.find() || !rate.find()) {
            throw new IOException("cannot read wrk's output:\n" + output);
        }
        return new Load(percentile(output, "50%"), percentile(output, "99%"), Double.parseDouble(rate.group(1)),
                Long.parseLong(requests.group(1)), errors);
    }

    /** A latency from wrk's distribution, in milliseconds. */
    private static double percentile(String output, String label) throws IOException {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
        if (!m.find()) {
            throw new IOException("no " + label + " latency in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** The gateway's own added time so far: sum in milliseconds and count, from its overhead summary. */
    private static double[] overhead(String metrics) {
        Matcher sum = Pattern.compile("probation_gateway_overhead_seconds_sum\\{route=\"chat\"} ([\\d.eE-]+)").matcher(metrics);
        Matcher count = Pattern.compile("probation_gateway_overhead_seconds_count\\{route=\"chat\"} ([\\d.eE-]+)").matcher(metrics);
        return sum.find() && count.find() ? new double[] {Double.parseDouble(sum.group(1)) * 1000, Double.parseDouble(count.group(1))}
                : new double[] {0, 0};
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double median(List<Load> loads, java.util.function.ToDoubleFunction<Load> value) {
        List<Double> values = loads.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }

    private static String markdown(List<Row> rows, int duration, int rounds, long recorded,
            long completed, String args) {
        StringBuilder md = new StringBuilder("# Gateway latency and throughput\n\n");
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" with `scripts/bench-gateway")
                .append(args.isBlank() ? "" : " " + args).append("` on this machine (2 cores, loopback only).\n\n");
        md.append("wrk (2 threads, ").append(duration)
                .append(" s per measurement, ").append(rounds).append(" rounds alternating direct and gateway; medians)")
                .append(" calls a fake OpenAI-compatible upstream directly, then through the gateway. The gateway")
                .append(" records every exchange to SQLite and runs the refusal and code-vulnerability detectors while")
                .append(" it is measured. The upstream is a small Jetty server answering after a fixed delay (20 ms stands")
                .append(" in for a model; streamed answers come as 7 events). The upstream, the gateway and wrk share the")
                .append(" same 2 cores, so rows marked CPU-bound measure how the three split the machine more than the")
                .append(" gateway alone.\n\n");
        md.append("| scenario | direct p50 | gateway p50 | added p50 | direct p99 | gateway p99 | added p99 |")
                .append(" direct req/s | gateway req/s | gateway/direct | gateway's own mean |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            double dp50 = median(row.direct(), Load::p50);
            double gp50 = median(row.gateway(), Load::p50);
            double dp99 = median(row.direct(), Load::p99);
            double gp99 = median(row.gateway(), Load::p99);
            double drps = median(row.direct(), Load::rps);
            double grps = median(row.gateway(), Load::rps);
            md.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %+.2f ms | %.2f ms | %.2f ms | %+.2f ms |"
                            + " %.0f | %.0f | %.0f%% | %.3f ms |%n", row.scenario().name(), dp50, gp50, gp50 - dp50,
                    dp99, gp99, gp99 - dp99, drps, grps, 100 * grps / drps, row.ownMeanMs()));
        }
        long errors = rows.stream().flatMap(r -> r.gateway().stream()).mapToLong(Load::errors).sum();
        md.append("\nErrors through the gateway (non-2xx, socket errors): ").append(errors).append(".\n");
        md.append("Recorded exchanges after the run: ").append(recorded).append("; requests wrk completed through the")
                .append(" gateway, warm-ups included: ").append(completed).append(" (wrk does not count the requests in")
                .append(" flight when it stops; the gateway records those too).\n\n");
        md.append("**Added** is the gateway's p50 (p99) minus the direct p50 (p99) seen by wrk. **Gateway's own mean**")
                .append(" comes from the gateway's `probation_gateway_overhead_seconds` histogram over the measured rounds:")
                .append(" a request's time inside the gateway minus the time spent waiting on the upstream.\n");
        return md.toString();
    }
}
