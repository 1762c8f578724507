package dev.probation.gateway;

import dev.probation.detect.Evidence;
import dev.probation.detect.Verdict;
import dev.probation.model.Usage;
import dev.probation.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * How an exchange and its verdicts map to rows of the {@code exchanges} and {@code verdicts} tables,
 * both ways: the same on SQLite and PostgreSQL. {@link JdbcStore} runs the statements.
 */
final class ExchangeRows {

    static final String COLUMNS = "id, kind, shadow_of, started_at, duration_ms, upstream_ms, status, streamed,"
            + " model, client_tag, path, request_body, response_body, answer, reasoning, finish_reason,"
            + " input_tokens, output_tokens, reasoning_tokens, error, flagged, tool_trace";
    static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() {};
    static final String INSERT_VERDICT = "INSERT INTO verdicts (exchange_id, detector, label, flagged, score,"
            + " explanation, evidence) VALUES (?,?,?,?,?,?,?) ON CONFLICT (exchange_id, detector) DO NOTHING";

    static void bind(PreparedStatement s, String exchangeId, Verdict v) throws SQLException {
        s.setString(1, exchangeId);
        s.setString(2, text(v.detector()));
        s.setString(3, text(v.label()));
        s.setInt(4, v.flagged() ? 1 : 0);
        s.setDouble(5, v.score());
        s.setString(6, text(v.explanation()));
        s.setString(7, text(Json.MAPPER.writeValueAsString(v.evidence())));
    }

    static void bind(PreparedStatement s, Exchange e) throws SQLException {
        int i = 0;
        s.setString(++i, e.id());
        s.setString(++i, e.kind().id());
        s.setString(++i, e.shadowOf());
        s.setLong(++i, e.startedAt().toEpochMilli());
        s.setDouble(++i, e.durationMs());
        s.setDouble(++i, e.upstreamMs());
        s.setInt(++i, e.status());
        s.setInt(++i, e.streamed() ? 1 : 0);
        s.setString(++i, text(e.model()));
        s.setString(++i, text(e.clientTag()));
        s.setString(++i, text(e.path()));
        s.setString(++i, text(e.requestBody()));
        s.setString(++i, text(e.responseBody()));
        s.setString(++i, text(e.answer()));
        s.setString(++i, text(e.reasoning()));
        s.setString(++i, text(e.finishReason()));
        s.setInt(++i, e.usage().inputTokens());
        s.setInt(++i, e.usage().outputTokens());
        s.setInt(++i, e.usage().reasoningTokens());
        s.setString(++i, e.error() == null ? null : text(e.error()));
        s.setInt(++i, e.flagged() ? 1 : 0);
        s.setString(++i, text(e.tools().toJson()));
    }

    /** PostgreSQL rejects NUL characters in text; a model, or a client, may well send one. */
    static String text(String value) {
        return value.indexOf('\0') < 0 ? value : value.replace("\0", "\uFFFD");
    }

    static List<Exchange> select(Connection c, String sql, List<Object> args) throws SQLException {
        List<Exchange> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindAll(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Exchange(r.getString("id"), Exchange.Kind.of(r.getString("kind")),
                            r.getString("shadow_of"), Instant.ofEpochMilli(r.getLong("started_at")),
                            r.getDouble("duration_ms"), r.getDouble("upstream_ms"), r.getInt("status"),
                            r.getInt("streamed") == 1, r.getString("model"), r.getString("client_tag"),
                            r.getString("path"), r.getString("request_body"), r.getString("response_body"),
                            r.getString("answer"), r.getString("reasoning"), r.getString("finish_reason"),
                            new Usage(r.getInt("input_tokens"), r.getInt("output_tokens"), r.getInt("reasoning_tokens")),
                            r.getString("error"), List.of(), ToolTrace.fromJson(r.getString("tool_trace"))));
                }
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
        String marks = String.join(",", Collections.nCopies(rows.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT exchange_id, detector, label, flagged, score,"
                + " explanation, evidence FROM verdicts WHERE exchange_id IN (" + marks + ") ORDER BY detector")) {
            bindAll(s, rows.stream().map(e -> (Object) e.id()).toList());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    verdicts.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Verdict(r.getString(2),
                            r.getString(3), r.getInt(4) == 1, r.getDouble(5),
                            Json.MAPPER.readValue(r.getString(7), EVIDENCE), r.getString(6)));
                }
            }
        }
        rows.replaceAll(e -> e.withVerdicts(verdicts.getOrDefault(e.id(), List.of())));
        return rows;
    }

    static void bindAll(PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
    }

    private ExchangeRows() {}
}
