package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HolmTest {

    @Test
    void adjustsStepDownAndKeepsTheOrder() {
        double[] adjusted = Holm.adjust(new double[] {0.04, 0.01, 0.03, 0.20});
        // sorted: 0.01*4=0.04, 0.03*3=0.09, 0.04*2=0.08 -> 0.09 (monotone), 0.20*1=0.20
        assertThat(adjusted[1]).isCloseTo(0.04, within(1e-12));
        assertThat(adjusted[2]).isCloseTo(0.09, within(1e-12));
        assertThat(adjusted[0]).isCloseTo(0.09, within(1e-12));
        assertThat(adjusted[3]).isCloseTo(0.20, within(1e-12));
        assertThat(Holm.adjust(new double[] {0.5, 0.9})).containsExactly(1.0, 1.0);
    }

    @Test
    void gapAnalysisReportsRatesGapAndVerdict() {
        List<ScenarioPair> strong = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> new ScenarioPair("s" + i, i % 10 == 0 ? 1 : 0, 1, i % 10 == 0 ? 0 : 1, 1)).toList();
        List<ScenarioPair> none = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> new ScenarioPair("s" + i, i % 2, 1, i % 2, 1)).toList();
        var results = GapAnalysis.analyze(Map.of("a", strong, "b", none), 0.05, 1);
        var a = results.stream().filter(r -> r.family().equals("a")).findFirst().orElseThrow();
        var b = results.stream().filter(r -> r.family().equals("b")).findFirst().orElseThrow();
        assertThat(a.observedRate()).isCloseTo(0.1, within(1e-12));
        assertThat(a.unobservedRate()).isCloseTo(0.9, within(1e-12));
        assertThat(a.gap()).isCloseTo(0.8, within(1e-12));
        assertThat(a.ciLow()).isGreaterThan(0.2).isLessThan(0.8);
        assertThat(a.ciHigh()).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
        assertThat(a.significant()).isTrue();
        assertThat(a.scenariosUp()).isEqualTo(18);
        assertThat(a.scenariosDown()).isEqualTo(2);
        assertThat(b.gap()).isZero();
        assertThat(b.pValue()).isEqualTo(1.0);
        assertThat(b.significant()).isFalse();
        assertThat(GapAnalysis.verdict(results)).isEqualTo(GapAnalysis.GAP_DETECTED);
        assertThat(GapAnalysis.verdict(List.of(b))).isEqualTo(GapAnalysis.CONSISTENT);
    }

    @Test
    void aFamilyWithoutPairsIsReportedAsEmpty() {
        var results = GapAnalysis.analyze(Map.of("empty", List.of()), 0.05, 1);
        assertThat(results.getFirst().n()).isZero();
        assertThat(results.getFirst().significant()).isFalse();
    }
}
