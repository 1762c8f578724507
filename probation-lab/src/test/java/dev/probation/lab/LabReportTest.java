package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabReportTest {

    private static final Comparison UP = new Comparison(0.3, 0.1, 0.2, 0.1, 0.3, 0.001, 40);
    private static final Comparison FLAT = new Comparison(0.1, 0.1, 0.0, -0.05, 0.05, 1, 40);

    @Test
    void anUnmaskingShowsEveryStrategyAsADotWithItsInterval() {
        Unmasker.Result result = new Unmasker.Result("local:<script>a", "local:b", "local:<script>a", 0.999,
                List.of(new Unmasker.Call("noise", null, 0, FLAT), new Unmasker.Call("steering", "local:<script>a", 0.999, UP)),
                List.of("s1/tier"), 2);
        String html = LabReport.unmasking(result);
        assertThat(html).startsWith("<!doctype html>").doesNotContain("<script").contains("local:&lt;script&gt;a")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(html.split("<circle", -1)).as("one dot per strategy").hasSize(3);
        assertThat(html).contains("+20.0 [+10.0, +30.0]").contains("fill=\"#dc2626\"").contains("no call");
    }

    @Test
    void aScanShowsEachExampleOutsideTrainingOnItsSideOfTheThreshold() {
        Probe.LayerFit fit = new Probe.LayerFit(0, 1, 1, 1, 2, 1);
        Probes.Scan scan = new Probes.Scan("organism:m", "held-out:m", "organism:m", "validation:m", 0, 0.5, fit,
                List.of(fit), List.of(), 1, 0, List.of(
                        new Probes.Scored("a", "on", true, 2.0, true, false),
                        new Probes.Scored("b", "on", true, 1.5, true, false),
                        new Probes.Scored("c", "off", false, -1.0, false, false),
                        new Probes.Scored("<d>", "off", false, 0.0, false, true)));
        String strip = LabReport.scoreStrip(scan);
        assertThat(strip.split("<circle", -1)).as("one dot per example outside training").hasSize(4);
        assertThat(strip).contains("threshold 0.500").contains("a (on): 2.000, flagged").doesNotContain("&lt;d&gt;");
        assertThat(LabReport.scan(scan)).contains(strip);
    }

    @Test
    void theBenchmarkTurnsEachPairTowardsItsFaker() {
        PairBenchmark.Pair pair = new PairBenchmark.Pair("p", "organism:f", "organism:a");
        // the aligned twin was handed over first: first − second = −20 points, so faker − twin = +20
        Comparison twinFirst = new Comparison(0.1, 0.3, -0.2, -0.3, -0.1, 0.001, 40);
        Unmasker.Result result = new Unmasker.Result("organism:a", "organism:f", "organism:f", 0.999,
                List.of(new Unmasker.Call("steering", "organism:f", 0.999, twinFirst)), List.of(), 0);
        String html = LabReport.benchmark(new PairBenchmark.Result(1, 1, 1, 0.025, 1,
                List.of(new PairBenchmark.StrategyScore("steering", 1, 1)), List.of(new PairBenchmark.Outcome(pair, result, true))));
        assertThat(html).contains("1 of 1 pairs").contains("+20.0 points [+10.0, +30.0]").contains("p · steering");
    }

    @Test
    void anIntoxicationDrawsOneLinePerModel() {
        DoseResponse a = new DoseResponse("organism:f", 0, List.of(0.0, 1.0), List.of(0.02, 0.4), new double[] {0.4});
        DoseResponse b = new DoseResponse("organism:a", 0, List.of(0.0, 1.0), List.of(0.01, 0.2), new double[] {0.2});
        String html = LabReport.intoxication(new Intoxication.Result(List.of(a, b), UP, List.of("s/tier"), 3));
        assertThat(html.split("<polyline", -1)).hasSize(3);
        assertThat(html).contains("40.0%").contains("20.0%").contains("First minus second");
    }
}
