package dev.probation.gateway;

import dev.probation.util.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/*}: recorded exchanges, shadow gaps, drift state and alerts, for the dashboard and for
 * scripts. Every call needs {@code Authorization: Bearer <admin token>}.
 */
final class AdminApi {

    /** Gap points kept for the dashboard's chart, per model and detector. */
    private static final int GAP_PAIRS = 20_000;
    private static final int SERIES_POINTS = 200;

    private final Store store;
    private final BearerToken token;
    private final Recorder recorder;
    private final DriftMonitor drift;
    private final GatewayConfig config;
    private final List<String> detectors;

    AdminApi(Store store, Recorder recorder, DriftMonitor drift, GatewayConfig config, List<String> detectors) {
        this.store = store;
        this.token = new BearerToken(config.adminToken());
        this.recorder = recorder;
        this.drift = drift;
        this.config = config;
        this.detectors = detectors;
    }

    /** Before every {@code /api} call: 401 unless the bearer token matches (compared in constant time). */
    void authorise(Context ctx) {
        String header = ctx.header("Authorization");
        if (!token.matches(header)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"probation\"");
            throw new ApiError(401, header == null ? "missing Authorization: Bearer <admin token>" : "wrong admin token");
        }
    }

    void exchanges(Context ctx) {
        ExchangeQuery query;
        try {
            query = new ExchangeQuery(intParam(ctx, "limit", 50), intParam(ctx, "offset", 0), kind(ctx),
                    ctx.queryParam("model"), ctx.queryParam("detector"), flagged(ctx), time(ctx, "since"),
                    time(ctx, "until"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        json(ctx, Views.page(store.exchanges(query), query));
    }

    void exchange(Context ctx) {
        String id = ctx.pathParam("id");
        Exchange exchange = store.exchange(id).orElseThrow(() -> new ApiError(404, "no exchange " + id));
        json(ctx, Views.detail(exchange, store.shadowsOf(id)));
    }

    /**
     * Per model and detector: the gap over all pairs since recording began, and how it and its
     * interval evolved over the latest pairs. The points continue the sequence from its start
     * (earlier pairs are counted, not listed), so the interval keeps its anytime guarantee.
     */
    void shadow(Context ctx) {
        Map<String, List<ShadowPair>> recent = new LinkedHashMap<>();
        for (ShadowPair pair : store.shadowPairs(GAP_PAIRS)) {
            recent.computeIfAbsent(pair.model() + '\u0000' + pair.detector(), k -> new java.util.ArrayList<>()).add(pair);
        }
        double alpha = config.drift().alpha();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("alpha", alpha).put("family", config.shadow().family().name()).put("rate", config.shadow().rate());
        ArrayNode series = body.putArray("series");
        for (ShadowTotals totals : store.shadowTotals()) {
            List<ShadowPair> pairs = recent.getOrDefault(totals.model() + '\u0000' + totals.detector(), List.of());
            PairCounts window = PairCounts.NONE;
            for (ShadowPair pair : pairs) {
                window = window.plus(pair.liveFlagged(), pair.shadowFlagged());
            }
            // the pairs before the listed window are counted, not listed: the totals minus the window
            PairCounts running = totals.counts().minus(window);
            if (!running.possible()) {
                // retention removed pairs between the two reads: chart the window on its own
                running = PairCounts.NONE;
            }
            ArrayNode points = Json.MAPPER.createArrayNode();
            int step = Math.max(1, pairs.size() / SERIES_POINTS);
            for (int i = 0; i < pairs.size(); i++) {
                ShadowPair pair = pairs.get(i);
                running = running.plus(pair.liveFlagged(), pair.shadowFlagged());
                if ((i + 1) % step == 0 || i == pairs.size() - 1) {
                    points.add(Views.gap(running.gap(alpha)).put("at", pair.at().toString()));
                }
            }
            ObjectNode node = series.addObject().put("model", totals.model()).put("detector", totals.detector());
            node.set("current", Views.gap(totals.gap(alpha)));
            node.set("points", points);
        }
        json(ctx, body);
    }

    void alerts(Context ctx) {
        int limit = intParam(ctx, "limit", 100);
        if (limit < 1 || limit > 1000) {
            throw new ApiError(400, "limit must be within 1..1000, was " + limit);
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        store.alerts(limit).forEach(a -> items.add(Views.alert(a)));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("items", items);
        ArrayNode watched = body.putArray("drift");
        for (DriftMonitor.State s : drift.states()) {
            watched.addObject().put("model", s.model()).put("detector", s.detector()).put("baseline", s.baseline())
                    .put("samples", s.samples()).put("rate", s.rate()).put("eValue", s.wealth())
                    .put("threshold", s.threshold()).put("alarms", s.alarms())
                    .put("suppressed", s.suppressed());
        }
        json(ctx, body);
    }

    void status(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("upstream", config.upstream().toString()).put("database", JdbcStore.redact(config.jdbcUrl()))
                .put("databaseUp", !recorder.databaseDown()).put("queued", recorder.queued())
                .put("spooled", recorder.spooled());
        Hold hold = recorder.hold();
        body.put("recording", hold.full() ? (hold.passWhenFull() ? "passing-unrecorded" : "refusing")
                        : hold.isEmpty() ? "ok" : "holding")
                .put("spoolWritable", recorder.spoolWritable()).put("held", hold.count()).put("heldBytes", hold.bytes())
                .put("holdLimitBytes", hold.limit()).put("refused", hold.refused())
                .put("unrecorded", hold.unrecorded()).put("lost", recorder.lost())
                .put("databaseFilePresent", recorder.files().databasePresent());
        ArrayNode events = body.putArray("fileEvents");
        recorder.files().events().forEach(events::add);
        ArrayNode names = body.putArray("detectors");
        detectors.forEach(names::add);
        body.putObject("shadow").put("rate", config.shadow().rate()).put("perMinute", config.shadow().perMinute())
                .put("budget", config.shadow().budget()).put("family", config.shadow().family().name());
        ObjectNode baselines = body.putObject("drift").put("alpha", config.drift().alpha())
                .put("cooldownSeconds", config.drift().cooldown().toSeconds()).putObject("baselines");
        config.drift().baselines().forEach(baselines::put);
        json(ctx, body);
    }

    static void json(Context ctx, ObjectNode body) {
        ctx.contentType("application/json").result(body.toString());
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be a whole number, was '" + value + "'");
        }
    }

    private static Exchange.Kind kind(Context ctx) {
        String value = ctx.queryParam("kind");
        if (value == null || value.isBlank()) {
            return Exchange.Kind.LIVE;
        }
        return switch (value.strip()) {
            case "live" -> Exchange.Kind.LIVE;
            case "shadow" -> Exchange.Kind.SHADOW;
            default -> throw new ApiError(400, "kind must be live or shadow, was '" + value + "'");
        };
    }

    private static Boolean flagged(Context ctx) {
        String value = ctx.queryParam("flagged");
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiError(400, "flagged must be true or false, was '" + value + "'");
        };
    }

    /** An ISO-8601 instant ({@code 2026-11-27T10:00:00Z}) or epoch milliseconds. */
    private static Instant time(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.strip().matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(value.strip()))
                    : Instant.parse(value.strip());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ApiError(400, name + " must be an ISO-8601 time like 2026-11-27T10:00:00Z or epoch"
                    + " milliseconds, was '" + value + "'");
        }
    }

    /** An error answered as {@code {"error": "..."}} with its status. */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
