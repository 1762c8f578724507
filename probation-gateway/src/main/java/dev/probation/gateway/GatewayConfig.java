package dev.probation.gateway;

import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the gateway needs to start. Build one with {@link #builder(URI)}.
 *
 * @param upstream        the provider's base URL, e.g. {@code https://api.openai.com/v1}
 * @param host            the address to listen on
 * @param port            the port to listen on (0 picks a free one)
 * @param jdbcUrl         where exchanges are stored
 * @param spoolDir        where exchanges wait while the database is unavailable
 * @param upstreamKey     a key the gateway sends upstream instead of the client's, or null
 * @param clientToken     with an upstream key: the bearer token clients must show to use it, or null
 * @param holdLimit       bytes of records kept in memory while neither the database nor the
 *                        spool takes them (a full disk); beyond it calls to record are refused
 * @param passUnrecorded  beyond {@code holdLimit}, pass calls through unrecorded instead of
 *                        answering 503
 * @param adminToken      the bearer token of the admin API and dashboard
 * @param upstreamTimeout the longest silence from the upstream: before its headers, and between
 *                        bytes of its body
 * @param queueCapacity   captures waiting for the recorder before they go straight to the spool
 * @param captureLimit    bytes kept for the record of each request body and of each answer (the
 *                        upstream and the client always get all of it)
 * @param captureMemory   bytes of bodies all requests in flight may hold for the record together;
 *                        beyond it captures are cut short, never waited for
 * @param maxRequestBytes the largest request body the gateway passes on; larger ones get 413
 * @param headerTimeout   the longest a connection may take to send a request's headers, from when it
 *                        opens or its previous answer ends (closes slow-header "slowloris" connections)
 * @param metricsModels   distinct model names given their own label in {@code /metrics}; later ones
 *                        are counted as {@code other}
 * @param shadow          shadow probation settings
 * @param drift           drift detection settings
 * @param seed            seeds the shadow sampler, so a test run samples the same calls
 * @param retention       exchanges older than this are deleted every hour; null keeps everything
 * @param callingRate     share of live exchanges on which detectors that call models (the lie
 *                        detector) run; their verdicts arrive later
 */
public record GatewayConfig(
        URI upstream, String host, int port, String jdbcUrl, Path spoolDir, String upstreamKey, String clientToken,
        long holdLimit, boolean passUnrecorded,
        String adminToken,
        Duration upstreamTimeout, int queueCapacity, int captureLimit, long captureMemory, long maxRequestBytes,
        Duration headerTimeout, int metricsModels, ShadowConfig shadow, DriftConfig drift, long seed, Duration retention,
        double callingRate) {

    public GatewayConfig {
        Objects.requireNonNull(upstream, "upstream");
        if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("--upstream must be an http(s) URL, not '" + upstream + "'");
        }
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (clientToken != null && (upstreamKey == null || upstreamKey.isBlank())) {
            throw new IllegalArgumentException("a client token only makes sense with an upstream key of the gateway's own");
        }
        if (clientToken != null && clientToken.length() < 16) {
            throw new IllegalArgumentException("the client token must have at least 16 characters");
        }
        if (upstreamTimeout == null || upstreamTimeout.isZero() || upstreamTimeout.isNegative()) {
            throw new IllegalArgumentException("--upstream-timeout must be at least 1 second");
        }
        if (adminToken == null || adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("the queue capacity must be at least 1");
        }
        if (captureLimit < 0) {
            throw new IllegalArgumentException("--capture-limit must not be negative, was " + captureLimit);
        }
        if (captureMemory < 0) {
            throw new IllegalArgumentException("--capture-memory must not be negative, was " + captureMemory);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("--max-request-size must be positive, was " + maxRequestBytes);
        }
        if (headerTimeout == null || headerTimeout.isZero() || headerTimeout.isNegative()) {
            throw new IllegalArgumentException("--header-timeout must be positive");
        }
        if (metricsModels < 1) {
            throw new IllegalArgumentException("--metrics-models must be at least 1, was " + metricsModels);
        }
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(drift, "drift");
        if (!(callingRate >= 0 && callingRate <= 1)) {
            throw new IllegalArgumentException("the share of exchanges for detectors that call models must be within 0..1, was "
                    + callingRate);
        }
        if (retention != null && (retention.isZero() || retention.isNegative())) {
            throw new IllegalArgumentException("the retention period must be positive, was " + retention);
        }
        if (holdLimit < 1) {
            throw new IllegalArgumentException("--hold-limit must be at least 1 MiB");
        }
    }

    public static Builder builder(URI upstream) {
        return new Builder(upstream);
    }

    /** Defaults: loopback, port 8080, SQLite in {@code ./probation-gateway}, no shadowing. */
    public static final class Builder {
        private final URI upstream;
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("probation-gateway");
        private String jdbcUrl;
        private String upstreamKey;
        private String clientToken;
        private String adminToken;
        private Duration upstreamTimeout = Duration.ofSeconds(600);
        private int queueCapacity = 10_000;
        private int captureLimit = 1 << 20;
        private long captureMemory = 256L << 20;
        private long maxRequestBytes = 64L << 20;
        private Duration headerTimeout = Duration.ofSeconds(20);
        private int metricsModels = 100;
        private ShadowConfig shadow = new ShadowConfig(0, 60, 0, monitoring(), 2);
        private DriftConfig drift = DriftConfig.off();
        private long seed = System.nanoTime();
        private Duration retention;
        private double callingRate = 0.01;
        private long holdLimit = 64L << 20;
        private boolean passUnrecorded;

        private Builder(URI upstream) {
            this.upstream = upstream;
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        /** The folder of the default SQLite file and of the spool. */
        public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }
        public Builder jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return this; }
        public Builder upstreamKey(String key) { this.upstreamKey = key; return this; }
        public Builder clientToken(String token) { this.clientToken = token; return this; }
        public Builder adminToken(String token) { this.adminToken = token; return this; }
        public Builder upstreamTimeout(Duration timeout) { this.upstreamTimeout = timeout; return this; }
        public Builder queueCapacity(int capacity) { this.queueCapacity = capacity; return this; }
        /** Bytes kept for the record of each request body and each answer (default 1 MiB). */
        public Builder captureLimit(int bytes) { this.captureLimit = bytes; return this; }
        /** Bytes of bodies all requests in flight may hold for the record together (default 256 MiB). */
        public Builder captureMemory(long bytes) { this.captureMemory = bytes; return this; }
        /** The largest request body passed on (default 64 MiB); larger ones get 413. */
        public Builder maxRequestBytes(long bytes) { this.maxRequestBytes = bytes; return this; }
        /** The longest a connection may take to send a request's headers (default 20 s). */
        public Builder headerTimeout(Duration timeout) { this.headerTimeout = timeout; return this; }
        /** Distinct model names labelled in {@code /metrics} (default 100); the rest count as {@code other}. */
        public Builder metricsModels(int models) { this.metricsModels = models; return this; }
        public Builder shadow(ShadowConfig shadow) { this.shadow = shadow; return this; }
        public Builder drift(DriftConfig drift) { this.drift = drift; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        /** Keep exchanges this long; null (the default) keeps everything. */
        public Builder retention(Duration retention) { this.retention = retention; return this; }
        /** Share of live exchanges on which detectors that call models run (default 0.01). */
        public Builder callingRate(double rate) { this.callingRate = rate; return this; }
        /** Bytes of records held in memory when the disk takes none (default 64 MiB). */
        public Builder holdLimit(long bytes) { this.holdLimit = bytes; return this; }
        /** Past the hold limit, pass calls through unrecorded instead of answering 503. */
        public Builder passUnrecorded(boolean pass) { this.passUnrecorded = pass; return this; }

        public GatewayConfig build() {
            String url = jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("gateway.db");
            return new GatewayConfig(upstream, host, port, url, dataDir.resolve("spool"), upstreamKey, clientToken,
                    holdLimit, passUnrecorded, adminToken,
                    upstreamTimeout, queueCapacity, captureLimit, captureMemory, maxRequestBytes, headerTimeout, metricsModels,
                    shadow, drift, seed, retention, callingRate);
        }
    }

    /** The built-in monitoring cue family, whose observed side is the default shadow framing. */
    public static CueFamily monitoring() {
        return CueFamilies.select(CueFamilies.builtIn(), java.util.List.of("monitoring")).getFirst();
    }
}
