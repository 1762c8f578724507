package dev.probation.gateway;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HandlerType;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Probation gateway: an OpenAI-compatible proxy that records every chat exchange, judges it
 * with the online detectors, re-asks a sample under the observed framing and watches for drift.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.builder(URI.create("http://localhost:11434/v1"))
 *         .port(8080).adminToken(token).build();
 * try (Gateway gateway = Gateway.start(config, detectors)) {
 *     // point clients at http://127.0.0.1:8080/v1
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Javalin server;
    private final Store store;
    private final Recorder recorder;
    private final ShadowSampler shadows;
    private final Upstream upstream;
    private final AlertSink alerts;
    private final Retention retention;
    private final LateVerdicts late;
    private final ClientWatch clients;

    private Gateway(Javalin server, Store store, Recorder recorder, ShadowSampler shadows, Upstream upstream,
            AlertSink alerts, Retention retention, LateVerdicts late, ClientWatch clients) {
        this.clients = clients;
        this.retention = retention;
        this.late = late;
        this.server = server;
        this.store = store;
        this.recorder = recorder;
        this.shadows = shadows;
        this.upstream = upstream;
        this.alerts = alerts;
    }

    /** Opens the store (migrating it), replays any spool left from before, and starts serving. */
    public static Gateway start(GatewayConfig config, List<Detector> detectors) {
        return start(config, detectors, List.of());
    }

    /**
     * Starts with {@code monitors} as well, which read every request apart from its answer (probes).
     *
     * @throws IllegalArgumentException when a monitor's name is a detector's or another monitor's
     */
    public static Gateway start(GatewayConfig config, List<Detector> detectors, List<InputMonitor> monitors) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String name : java.util.stream.Stream.concat(detectors.stream().map(Detector::name),
                monitors.stream().map(InputMonitor::name)).toList()) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("two detectors or monitors are named '" + name + "'");
            }
        }
        Ports.requireFree(config.host(), config.port());
        return start(config, detectors, monitors, JdbcStore.open(config.jdbcUrl()));
    }

    /** Starts on a store of the caller's (tests use this to take the database away). */
    static Gateway start(GatewayConfig config, List<Detector> given, Store store) {
        return start(config, given, List.of(), store);
    }

    private static Gateway start(GatewayConfig config, List<Detector> given, List<InputMonitor> monitors, Store store) {
        // Live, a detector judges in context: the refusal detector flags compliance only with a harmful request.
        List<Detector> detectors = given.stream().map(Detector::live).toList();
        GatewayMetrics metrics = new GatewayMetrics(config.metricsModels());
        // Detectors that call models run later, on a sample; the rest run on every exchange.
        LateVerdicts late = new LateVerdicts(detectors.stream().filter(d -> d.modelCallsPerVerdict() > 0).toList(),
                config.callingRate(), store, config.seed());
        OnlineAnalysis analysis = new OnlineAnalysis(detectors.stream().filter(d -> d.modelCallsPerVerdict() == 0).toList(),
                late.isEmpty() ? null : late, config.captureLimit(), config.shadow().family().observed(), monitors);
        Recorder recorder = new Recorder(store, config.spoolDir(), analysis, config.queueCapacity(), config.holdLimit(),
                config.passUnrecorded());
        Upstream upstream = new Upstream(config.upstream(), config.upstreamKey(), Duration.ofSeconds(10),
                config.upstreamTimeout());
        ShadowSampler shadows = new ShadowSampler(config.shadow(), upstream, recorder, metrics, config.seed(),
                config.captureLimit());
        AlertSink alerts = new AlertSink(store, metrics, config.drift().webhook());
        DriftMonitor drift = new DriftMonitor(config.drift(), alerts, counts(detectors, monitors));
        recorder.onRecorded(exchange -> exchange.verdicts().forEach(v -> metrics.verdict(exchange, v)));
        metrics.gauge("probation.gateway.late.skipped", "Sampled exchanges not judged by detectors that call models: their queue was full",
                late::skipped);
        metrics.gauge("probation.gateway.late.lost", "Late verdicts not recorded: the database was down", late::lost);
        recorder.onRecorded(drift::observe);
        recorder.onRecorded(new ShadowGapTracker(metrics, config.drift().alpha(), config.shadow().enabled())::observe);
        metrics.gauge("probation.gateway.queue.depth", "Captures waiting for the recorder", recorder::queued);
        metrics.gauge("probation.gateway.spooled", "Records on disk waiting for the database or for analysis", recorder::spooled);
        metrics.gauge("probation.gateway.rejected", "Records the database refused, kept in rejected.jsonl", recorder::rejected);
        metrics.gauge("probation.gateway.database.up", "1 when the last write reached the database",
                () -> recorder.databaseDown() ? 0 : 1);
        metrics.gauge("probation.gateway.spool.writable", "1 when the last write to the spool reached the disk",
                () -> recorder.spoolWritable() ? 1 : 0);
        metrics.gauge("probation.gateway.held", "Records held in memory: neither the database nor the spool takes them",
                () -> recorder.hold().count());
        metrics.gauge("probation.gateway.held.bytes", "Bytes of the records held in memory", () -> recorder.hold().bytes());
        metrics.gauge("probation.gateway.recording", "1 while calls are recorded; 0 while the memory hold is full",
                () -> recorder.hold().full() ? 0 : 1);
        metrics.gauge("probation.gateway.refused", "Calls answered 503 since the start: they could not be recorded",
                () -> recorder.hold().refused());
        metrics.gauge("probation.gateway.unrecorded", "Calls passed through unrecorded since the start (--pass-unrecorded)",
                () -> recorder.hold().unrecorded());
        metrics.gauge("probation.gateway.files.present", "1 while the database file is on disk where it belongs",
                () -> recorder.files().databasePresent() ? 1 : 0);
        metrics.gauge("probation.gateway.lost", "Records known lost since the start (deleted spool files, a stop while"
                + " nothing took them)", recorder::lost);
        recorder.start();

        CaptureBudget budget = new CaptureBudget(config.captureMemory());
        metrics.gauge("probation.gateway.capture.bytes", "Bytes of bodies held for the record by requests in flight",
                budget::used);
        ClientWatch clients = new ClientWatch();
        HeaderDeadline headerDeadline = new HeaderDeadline(config.headerTimeout());
        Proxy proxy = new Proxy(upstream, recorder, metrics, shadows, config, budget, clients);
        AdminApi api = new AdminApi(store, recorder, drift, config, analysis.detectorNames());
        Javalin server = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = config.maxRequestBytes();
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jetty.addConnector((jetty, http) -> {
                ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.addEventListener(headerDeadline);
                return connector;
            });
            // On stop, requests in flight finish (up to 30 s) before the connectors close.
            c.jetty.modifyServer(jetty -> {
                jetty.setStopTimeout(30_000);
                jetty.insertHandler(new GracefulHandler());
                jetty.insertHandler(headerDeadline.handler());
            });
            c.routes.post("/v1/chat/completions", proxy::chat);
            c.routes.post("/v1/messages", proxy::chat); // Anthropic's Messages API, recorded the same way
            for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                    HandlerType.DELETE)) {
                c.routes.addHttpHandler(method, "/v1/<path>", proxy::other);
            }
            c.routes.before("/api/*", api::authorise);
            c.routes.get("/api/exchanges", api::exchanges);
            c.routes.get("/api/exchanges/{id}", api::exchange);
            c.routes.get("/api/shadow", api::shadow);
            c.routes.get("/api/alerts", api::alerts);
            c.routes.get("/api/status", api::status);
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            c.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
            c.routes.get("/", ctx -> ctx.redirect("/dashboard"));
            c.routes.get("/dashboard", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("dashboard.html")));
            c.routes.exception(AdminApi.ApiError.class, (e, ctx) -> ctx.status(e.status).contentType("application/json")
                    .result(dev.probation.util.Json.MAPPER.createObjectNode().put("error", e.getMessage()).toString()));
            c.routes.exception(StoreException.class, (e, ctx) -> ctx.status(503).contentType("application/json")
                    .result(dev.probation.util.Json.MAPPER.createObjectNode()
                            .put("error", "the database is unavailable: " + e.getMessage()).toString()));
        });
        try {
            server.start();
        } catch (RuntimeException e) {
            clients.close();
            shadows.close();
            upstream.close();
            recorder.close();
            alerts.close();
            store.close();
            throw e;
        }
        LOG.debug("Probation gateway on http://{}:{}/v1 -> {} (database {})", config.host(), server.port(),
                config.upstream(), JdbcStore.redact(config.jdbcUrl()));
        Retention retention = null;
        if (config.retention() != null) {
            retention = new Retention(store, config.retention(), java.time.Clock.systemUTC());
            retention.start();
        }
        return new Gateway(server, store, recorder, shadows, upstream, alerts, retention, late, clients);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Gateway.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    /** What was recorded (reads go straight to the database; records still queued are not there yet). */
    public Store store() {
        return store;
    }

    /** Captures not yet written: queued for the recorder, waiting in the spool, or held in memory. */
    public long pending() {
        return recorder.queued() + recorder.spooled() + recorder.hold().count();
    }

    /** Whether a verdict counts towards its detector's or monitor's drift rate: each says for its own verdicts. */
    static Predicate<Verdict> counts(List<Detector> detectors, List<InputMonitor> monitors) {
        return verdict -> detectors.stream().filter(d -> d.name().equals(verdict.detector())).findFirst()
                .map(d -> d.counts(verdict))
                .or(() -> monitors.stream().filter(m -> m.name().equals(verdict.detector())).findFirst().map(m -> m.counts(verdict)))
                .orElse(verdict.valid());
    }

    /**
     * After {@link #close()}: where the exchanges went, in one sentence for the operator, truthful
     * about the files on disk: "every exchange is recorded" only when they all are.
     */
    public String stoppedMessage() {
        List<String> notes = new java.util.ArrayList<>();
        long spooled = recorder.spooled();
        if (spooled > 0) {
            notes.add(spooled + " exchange(s) wait in the spool for the database and are written at the next start");
        }
        if (recorder.lost() > 0) {
            notes.add(recorder.lost() + " exchange(s) were lost (see the log)");
        }
        String database = recorder.files().databaseProblem();
        if (database != null) {
            notes.add(database);
        }
        if (recorder.hold().refused() > 0) {
            notes.add(recorder.hold().refused() + " call(s) were answered 503 because they could not be recorded");
        }
        if (recorder.hold().unrecorded() > 0) {
            notes.add(recorder.hold().unrecorded() + " call(s) were passed through unrecorded");
        }
        return "Probation gateway stopped; " + (notes.isEmpty() ? "every exchange is recorded" : String.join("; ", notes)) + ".";
    }

    /**
     * Stops serving (requests in flight finish first, for up to 30 s), waits up to 30 s for shadow
     * calls, records everything queued (or spools it), sends the alerts raised, then closes the store.
     */
    @Override
    public void close() {
        if (retention != null) {
            retention.close();
        }
        server.stop();
        clients.close();
        shadows.close();
        upstream.close();
        recorder.close(); // before the late verdicts: the recorder's last analyses may still offer some
        late.close();
        alerts.close();
        recorder.files().check(); // a data folder deleted while running is restored, or reported, before the end
        store.close();
    }
}
