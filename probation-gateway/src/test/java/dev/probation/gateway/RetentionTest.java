package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    @TempDir
    Path dir;

    private static Exchange exchange(String id, Instant at, Exchange.Kind kind, String shadowOf) {
        return new Exchange(id, kind, shadowOf, at, 1, 1, 200, false, "m", "", "/v1/chat/completions", "{}", "{}",
                "Sure.", "", "stop", null, null, List.of(new Verdict("refusal", "complied", true, 0.9, List.of(), "")));
    }

    @Test
    void exchangesTheirVerdictsShadowsAndAlertsOlderThanThePeriodAreDeleted() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db"))) {
            store.insert(List.of(
                    exchange("old", now.minus(Duration.ofDays(31)), Exchange.Kind.LIVE, null),
                    exchange("old-shadow", now.minus(Duration.ofDays(31)).plusSeconds(1), Exchange.Kind.SHADOW, "old"),
                    exchange("recent", now.minus(Duration.ofDays(29)), Exchange.Kind.LIVE, null)));
            store.insert(new Alert("a-old", now.minus(Duration.ofDays(40)), "m", "refusal", 1, 0.1, 200, 9, "old"));
            store.insert(new Alert("a-new", now.minus(Duration.ofDays(1)), "m", "refusal", 1, 0.1, 200, 9, "new"));

            Retention retention = new Retention(store, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
            assertThat(retention.prune()).isEqualTo(2);
            assertThat(store.exchanges(ExchangeQuery.latest(10)).items()).extracting(Exchange::id).containsExactly("recent");
            assertThat(store.exchange("recent").orElseThrow().verdicts()).hasSize(1);
            assertThat(store.exchange("old-shadow")).isEmpty();
            assertThat(store.alerts(10)).extracting(Alert::id).containsExactly("a-new");
            assertThat(store.shadowTotals()).isEmpty();
            assertThat(retention.prune()).isZero();
        }
    }
}
