package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.gateway.DriftConfig;
import dev.probation.gateway.Gateway;
import dev.probation.gateway.GatewayConfig;
import dev.probation.gateway.ShadowConfig;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gateway",
        description = {"Runs the monitoring gateway: an OpenAI-compatible proxy that records every chat exchange, runs the "
                + "detectors on it, re-asks a sample under the observed framing (shadow probation) and raises drift alerts.",
                "Point clients at http://<host>:<port>/v1 instead of the provider. Stop with Ctrl-C or SIGTERM: "
                        + "queued records are written before it exits."},
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 1 could not start (port taken, database unreachable), 2 usage error. Stopped by a signal, "
                + "it writes every queued record first and exits as the JVM does: 143 for SIGTERM, 130 for Ctrl-C."})
final class GatewayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-u", "--upstream"}, required = true, paramLabel = "<url>",
            description = {"The provider's OpenAI-compatible base URL, e.g.", "https://api.openai.com/v1", "http://localhost:11434/v1 (Ollama)"})
    String upstream;

    @Option(names = {"-p", "--port"}, defaultValue = "8080", paramLabel = "<port>", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "<address>",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--data-dir", defaultValue = "probation-gateway", paramLabel = "<dir>",
            description = "Folder of the default SQLite database and of the spool (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "<jdbc-url>",
            description = "Database: jdbc:sqlite:<file> or jdbc:postgresql://host/db?user=..&password=.. (default: SQLite in --data-dir).")
    String db;

    @Option(names = "--upstream-key-env", paramLabel = "<VAR>",
            description = "Environment variable holding a key to send upstream instead of each client's own.")
    String upstreamKeyEnv;

    @Option(names = "--client-token-env", paramLabel = "<VAR>",
            description = "With --upstream-key-env: environment variable holding the token clients must send as their bearer token. "
                    + "Required when listening beyond loopback, so that nobody else spends the gateway's key.")
    String clientTokenEnv;

    @Option(names = "--admin-token", paramLabel = "<token>",
            description = "Bearer token of the dashboard and /api (default: $PROBATION_ADMIN_TOKEN, else a random one, printed once).")
    String adminToken;

    @Option(names = "--detectors", split = ",", defaultValue = "refusal,code-vulnerability,agent-actions", paramLabel = "<name>",
            description = "Detectors run on every exchange (default: ${DEFAULT-VALUE}). Live, refusal flags compliance only "
                    + "with a harmful request; add over-refusal to flag refusals of harmless ones. agent-actions flags tool calls "
                    + "that disable oversight, tamper with logs or send model weights to another host.")
    List<String> detectors;

    /** A judge for refusal and over-refusal: it decides whether a request was harmful and whether the answer complied. */
    @Mixin
    JudgeOptions judging;

    @Option(names = "--lie-detector", paramLabel = "<file>",
            description = "A detector saved by 'probation lie-detector train', for the detector 'lie' in --detectors.")
    Path lieDetector;

    @Option(names = "--lie-model", paramLabel = "<ref>",
            description = "The deployed model as the lie detector asks it follow-up questions, through --upstream with the key of "
                    + "--upstream-key-env (or the provider's usual variable); default: the model the detector was trained on.")
    String lieModel;

    @Option(names = "--probe", paramLabel = "<dir|file>",
            description = "A probe from 'probation probe train' (probe.json or its folder): reads each answered request on the "
                    + "deployed model's open weights and records a verdict 'probe', flagged when the residual stream at the "
                    + "prompt's last token lies on the probe's positive side (a framing probe: the model reads the request as "
                    + "unobserved); computed from the input alone, after the exchange, so it never delays an answer.")
    Path probe;

    @Option(names = "--probe-model", paramLabel = "<ref>",
            description = "The open weights the probe reads: organism:<neural organism> or local:<model-dir>, the weights the "
                    + "upstream serves (default: the model the probe was trained on).")
    String probeModel;

    @Option(names = "--probe-served-as", paramLabel = "<name>",
            description = "Read only requests whose 'model' is this name, when the upstream serves several (default: every request).")
    String probeServedAs;

    @Option(names = "--calling-rate", defaultValue = "0.01", paramLabel = "<share>",
            description = "Share of live exchanges on which detectors that call models (lie) run, 0..1 (default: ${DEFAULT-VALUE}).")
    double callingRate;

    @Option(names = "--shadow-rate", defaultValue = "0", paramLabel = "<share>",
            description = "Share of live chat calls re-asked under the observed framing, 0..1 (default: ${DEFAULT-VALUE}, off). Each costs one upstream call.")
    double shadowRate;

    @Option(names = "--shadow-per-minute", defaultValue = "60", paramLabel = "<n>", description = "At most this many shadow calls a minute (default: ${DEFAULT-VALUE}).")
    int shadowPerMinute;

    @Option(names = "--shadow-budget", defaultValue = "0", paramLabel = "<n>", description = "At most this many shadow calls in all (default: ${DEFAULT-VALUE}, no limit).")
    long shadowBudget;

    @Option(names = "--shadow-family", defaultValue = "monitoring", paramLabel = "<family>",
            description = "Cue family whose observed framing shadow calls get (default: ${DEFAULT-VALUE}).")
    String shadowFamily;

    @Option(names = "--baseline", paramLabel = "<detector=rate>",
            description = "Hold live traffic to this flag rate, e.g. refusal=0.1 (repeatable).")
    Map<String, Double> baselines = new LinkedHashMap<>();

    @Option(names = "--baseline-summary", paramLabel = "<summary.json>",
            description = "Take the baseline from an audit's summary.json: its observed flag rate (repeatable).")
    List<Path> baselineSummaries = new ArrayList<>();

    @Option(names = "--drift-alpha", defaultValue = "0.01", paramLabel = "<a>",
            description = "Chance that a model holding its baseline ever raises an alarm (default: ${DEFAULT-VALUE}).")
    double driftAlpha;

    @Option(names = "--webhook", paramLabel = "<url>", description = "POST each drift alert here as JSON.")
    String webhook;

    @Option(names = "--drift-cooldown", defaultValue = "15", paramLabel = "<minutes>",
            description = "After an alert, send no other for the same model and detector for this long (default: ${DEFAULT-VALUE}).")
    long driftCooldown;

    @Option(names = "--upstream-timeout", defaultValue = "600", paramLabel = "<seconds>",
            description = "Longest silence allowed from the upstream, before its headers and within its body (default: ${DEFAULT-VALUE}).")
    int upstreamTimeout;

    @Option(names = "--capture-limit", defaultValue = "1MiB", converter = ByteSize.class, paramLabel = "<size>",
            description = "Bytes of each request body and each answer kept for the record; the rest is passed on, not kept "
                    + "(default: ${DEFAULT-VALUE}).")
    long captureLimit;

    @Option(names = "--capture-memory", defaultValue = "256MiB", converter = ByteSize.class, paramLabel = "<size>",
            description = "Memory all calls in flight may hold for their records together; beyond it records are cut short "
                    + "(default: ${DEFAULT-VALUE}).")
    long captureMemory;

    @Option(names = "--max-request-size", defaultValue = "64MiB", converter = ByteSize.class, paramLabel = "<size>",
            description = "Largest request body passed on; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxRequestSize;

    @Option(names = "--header-timeout", defaultValue = "20", paramLabel = "<seconds>",
            description = "Longest a connection may take to send a request's headers before it is closed (default: ${DEFAULT-VALUE}).")
    int headerTimeout;

    @Option(names = "--metrics-models", defaultValue = "100", paramLabel = "<n>",
            description = "Model names with their own label in /metrics; later ones are counted as 'other' (default: ${DEFAULT-VALUE}).")
    int metricsModels;

    @Option(names = "--retention-days", defaultValue = "0", paramLabel = "<days>",
            description = "Delete exchanges, verdicts and alerts older than this, every hour (default: ${DEFAULT-VALUE}, keep everything).")
    int retentionDays;

    @Option(names = "--seed", paramLabel = "<n>", description = "Seed of the shadow sampler (default: random).")
    Long seed;

    @Option(names = "--hold-limit", defaultValue = "64", paramLabel = "<MiB>",
            description = "Records kept in memory while neither the database nor the spool can take them (a full disk); "
                    + "beyond this, calls to record are answered 503 (default: ${DEFAULT-VALUE}).")
    long holdLimit;

    @Option(names = "--pass-unrecorded",
            description = "Beyond --hold-limit, pass calls to the upstream unrecorded instead of answering 503.")
    boolean passUnrecorded;

    /** Counted down when the gateway has stopped; lets tests and the shutdown hook wait for each other. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        URI upstreamUri = uri("--upstream", upstream);
        String token = adminToken != null ? adminToken : System.getenv("PROBATION_ADMIN_TOKEN");
        token = token == null ? null : token.strip();
        boolean generated = token == null || token.isBlank();
        if (!generated && token.length() < 16) {
            throw new UsageException((adminToken != null ? "--admin-token" : "PROBATION_ADMIN_TOKEN")
                    + ": the admin token must have at least 16 characters");
        }
        if (generated) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            token = HexFormat.of().formatHex(bytes);
        }
        String upstreamKey = null;
        if (upstreamKeyEnv != null) {
            upstreamKey = System.getenv(upstreamKeyEnv);
            if (upstreamKey == null || upstreamKey.isBlank()) {
                throw new UsageException("--upstream-key-env " + upstreamKeyEnv + ": that environment variable is not set");
            }
            upstreamKey = upstreamKey.strip();
        }
        String clientToken = null;
        if (clientTokenEnv != null) {
            if (upstreamKey == null) {
                throw new UsageException("--client-token-env needs --upstream-key-env: without a key of its own the gateway forwards each client's key");
            }
            clientToken = System.getenv(clientTokenEnv);
            if (clientToken == null || clientToken.isBlank()) {
                throw new UsageException("--client-token-env " + clientTokenEnv + ": that environment variable is not set");
            }
            clientToken = clientToken.strip(); // a token read from an env file often ends with a newline
            if (clientToken.length() < 16) {
                throw new UsageException("--client-token-env " + clientTokenEnv + ": the token must have at least 16 characters");
            }
        }
        if (upstreamKey != null && clientToken == null && !loopback(host)) {
            throw new UsageException("--host " + host + " with --upstream-key-env would let anyone who reaches the port spend"
                    + " that key; add --client-token-env <VAR> or listen on 127.0.0.1");
        }
        Map<String, Double> baseline = new LinkedHashMap<>();
        baselineSummaries.forEach(summary -> baseline.putAll(DriftConfig.fromSummary(summary)));
        baseline.putAll(baselines);
        List<String> names = detectors.stream().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
        if (!(callingRate >= 0 && callingRate <= 1)) {
            throw new UsageException("--calling-rate must be within 0..1, was " + callingRate);
        }
        String subjectRef = null;
        dev.probation.model.ManagedModel subject = null;
        if (names.contains("lie")) {
            if (lieDetector == null) {
                throw new UsageException("the detector 'lie' needs --lie-detector <file> (from 'probation lie-detector train')");
            }
            subjectRef = lieModel != null ? lieModel : dev.probation.liedetector.LieDetector.load(lieDetector).model();
            if (!subjectRef.startsWith("organism:") && upstreamKey == null) {
                throw new UsageException("the lie detector's follow-up questions go to --upstream; name the key to send there with "
                        + "--upstream-key-env (the gateway will not send a provider's default key to another host)");
            }
            subject = dev.probation.model.Models.open(subjectRef, dev.probation.model.ModelSettings.defaults()
                    .withBaseUrl(upstreamUri.toString()).withApiKeyEnv(upstreamKeyEnv));
        } else if (lieDetector != null || lieModel != null) {
            throw new UsageException((lieDetector != null ? "--lie-detector" : "--lie-model") + " goes with the detector 'lie' in --detectors");
        }
        List<dev.probation.gateway.InputMonitor> monitors = probeMonitor();
        dev.probation.model.ManagedModel judge = openJudge(names);
        DetectorOptions options = new DetectorOptions(judge, judge == null ? 1 : judging.votesOr(1)).with(subject,
                lieDetector == null ? Map.of() : Map.of("lie-detector", lieDetector.toString()));
        List<Detector> chosen = names.stream().map(name -> name.equals(dev.probation.gateway.LiveActionDetector.NAME)
                ? new dev.probation.gateway.LiveActionDetector() : Detectors.create(name, options)).toList();
        for (String watched : baseline.keySet()) {
            if (!names.contains(watched) && !(watched.equals(ProbeMonitor.NAME) && !monitors.isEmpty())) {
                throw new UsageException("--baseline names detector '" + watched + "', which is not among --detectors " + names
                        + (watched.equals(ProbeMonitor.NAME) ? " (the probe's verdicts need --probe)" : ""));
            }
            if (!names.contains(watched)) {
                continue;
            }
            if (chosen.get(names.indexOf(watched)).modelCallsPerVerdict() > 0) {
                throw new UsageException("--baseline " + watched + ": drift is watched only for detectors that judge every exchange, "
                        + "not for those that call models on a sample");
            }
        }
        if (holdLimit < 1 || holdLimit > (Long.MAX_VALUE >> 20)) {
            throw new UsageException("--hold-limit must be at least 1 (MiB), was " + holdLimit);
        }
        if (retentionDays < 0) {
            throw new UsageException("--retention-days must not be negative, was " + retentionDays);
        }
        if (upstreamTimeout < 1) {
            throw new UsageException("--upstream-timeout must be at least 1 second, was " + upstreamTimeout);
        }
        if (captureLimit > Integer.MAX_VALUE - 8) {
            throw new UsageException("--capture-limit must be below 2GiB, was " + captureLimit);
        }
        if (headerTimeout < 1) {
            throw new UsageException("--header-timeout must be at least 1 second, was " + headerTimeout);
        }
        if (maxRequestSize < 1) {
            throw new UsageException("--max-request-size must be positive");
        }
        if (metricsModels < 1) {
            throw new UsageException("--metrics-models must be at least 1, was " + metricsModels);
        }
        CueFamily family = CueFamilies.select(CueFamilies.builtIn(), List.of(shadowFamily)).getFirst();
        GatewayConfig.Builder config = GatewayConfig.builder(upstreamUri).host(host).port(port).dataDir(dataDir)
                .jdbcUrl(db).upstreamKey(upstreamKey).clientToken(clientToken).adminToken(token)
                .upstreamTimeout(Duration.ofSeconds(upstreamTimeout))
                .captureLimit((int) captureLimit).captureMemory(captureMemory).maxRequestBytes(maxRequestSize)
                .headerTimeout(Duration.ofSeconds(headerTimeout)).metricsModels(metricsModels)
                .shadow(new ShadowConfig(shadowRate, shadowPerMinute, shadowBudget, family, 2))
                .drift(new DriftConfig(driftAlpha, baseline, webhook == null ? null : uri("--webhook", webhook),
                        Duration.ofMinutes(driftCooldown)))
                .callingRate(callingRate).holdLimit(holdLimit << 20).passUnrecorded(passUnrecorded);
        if (seed != null) {
            config.seed(seed);
        }
        if (retentionDays > 0) {
            config.retention(Duration.ofDays(retentionDays));
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config.build(), chosen, monitors);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("two detectors or monitors")) {
                throw new UsageException("--detectors: " + e.getMessage());
            }
            throw e;
        }
        dev.probation.model.ManagedModel interrogated = subject;
        Thread hook = new Thread(() -> {
            stop(gateway);
            if (interrogated != null) {
                interrogated.close();
            }
            if (judge != null) {
                judge.close();
            }
        }, "probation-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String base = "http://" + host + ":" + gateway.port();
        err.printf("Probation gateway listening on %s/v1 -> %s%n", base, upstreamUri);
        err.printf("Dashboard: %s/dashboard   Metrics: %s/metrics%n", base, base);
        if (generated) {
            err.printf("Admin token (generated; set PROBATION_ADMIN_TOKEN to choose one): %s%n", token);
        }
        List<String> described = new java.util.ArrayList<>();
        for (Detector d : chosen) {
            described.add(d.modelCallsPerVerdict() == 0 ? d.name() : String.format(java.util.Locale.ROOT,
                    "%s (%d calls to %s per verdict, on %s of live exchanges)", d.name(), d.modelCallsPerVerdict(),
                    d.name().equals("lie") ? subjectRef : judging.judge,
                    java.text.NumberFormat.getPercentInstance(java.util.Locale.ROOT).format(callingRate)));
        }
        if (!monitors.isEmpty()) {
            described.add("probe (" + probe + (probeServedAs == null ? "" : ", on requests for " + probeServedAs) + ")");
        }
        err.printf("Detectors: %s; shadow rate %s; drift baselines %s%n", String.join(", ", described),
                shadowRate == 0 ? "off" : String.valueOf(shadowRate), baseline.isEmpty() ? "none" : baseline);
        err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(gateway);
        }
        return ExitCodes.CONSISTENT;
    }

    private void stop(Gateway gateway) {
        if (stopped.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (stopped.getCount() > 0) {
                gateway.close();
                System.err.println(gateway.stoppedMessage());
                stopped.countDown();
            }
        }
    }

    /** The probe of --probe on the weights of --probe-model, or none; usage errors name the option. */
    private List<dev.probation.gateway.InputMonitor> probeMonitor() {
        if (probe == null) {
            if (probeModel != null || probeServedAs != null) {
                throw new UsageException((probeModel != null ? "--probe-model" : "--probe-served-as") + " goes with --probe");
            }
            return List.of();
        }
        dev.probation.lab.Probe p = ProbeCommand.readProbe(probe);
        dev.probation.lab.OpenModel weights;
        if (probeModel != null) {
            weights = UnmaskCommand.open("--probe-model", probeModel);
        } else {
            try {
                weights = dev.probation.lab.OpenModels.open(p.model());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--probe: the model the probe was trained on cannot be opened (" + e.getMessage()
                        + "); name the weights with --probe-model");
            }
        }
        try {
            p.requireShapeOf(weights);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--probe-model: " + e.getMessage());
        }
        return List.of(new ProbeMonitor(p, weights, probeServedAs));
    }

    /** The judge of --judge for the detectors that take one, or null; a usage error when none of them does. */
    private dev.probation.model.ManagedModel openJudge(List<String> names) {
        if (judging.judge == null) {
            judging.check(""); // rejects --votes and the judge's endpoint options without --judge
            return null;
        }
        List<String> judged = Detectors.providers().stream().filter(dev.probation.detect.DetectorProvider::supportsJudge)
                .map(dev.probation.detect.DetectorProvider::name).filter(names::contains).toList();
        if (judged.isEmpty()) {
            throw new UsageException("--judge works with detectors that support a judge (refusal, over-refusal); --detectors has "
                    + names);
        }
        judging.votesOr(1);
        return judging.open(judging.judge, dev.probation.model.ModelSettings.defaults());
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new UsageException("--host " + host + ": unknown host");
        }
    }

    private static URI uri(String option, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new UsageException(option + " must be an http(s) URL with a host, not '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(option + " is not a URL: " + e.getMessage());
        }
    }
}
