package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnmaskerTest {

    private static final Suite SUITE = Suites.builtIn("oversight-choice");
    private static final Unmasker.Settings SMALL = new Unmasker.Settings(Unmasker.STRATEGIES, -1, List.of(0.0, 1.0),
            List.of(2.0), 2, 8, 5, new Unmasker.FineTune(4, 4, 0.002));

    /** Noise and steering run in plain Java, so a model against itself ties exactly; fine-tuning runs on PyTorch. */
    @Test
    void aModelAgainstItselfGetsNoCall() {
        OpenModel a = OpenModels.open("organism:neural-pair-05-faker");
        OpenModel b = OpenModels.open("organism:neural-pair-05-faker");
        Unmasker.Result result = Unmasker.unmask(a, b, SUITE, CueFamilies.builtIn(),
                Detectors.create("answer", DetectorOptions.offline()), SMALL, Progress.NONE);
        assertThat(result.inputs()).hasSize(8);
        assertThat(result.strategies()).extracting(Unmasker.Call::name).containsExactly("noise", "steering", "fine-tune");
        assertThat(result.strategies()).filteredOn(call -> !call.name().equals("fine-tune")).hasSize(2).allSatisfy(call -> {
            assertThat(call.faker()).isNull();
            assertThat(call.confidence()).isZero();
            assertThat(call.comparison().effect()).isZero();
        });
        assertThat(result.strategies().getLast().comparison().effect()).as("two fine-tunes of one model")
                .isCloseTo(0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void settingsAreCheckedAndStrategiesCountedOnce() {
        assertThat(new Unmasker.Settings(List.of("noise", "noise"), -1, List.of(1.0), List.of(1.0), 1, 1, 1,
                Unmasker.FineTune.DEFAULT).strategies()).containsExactly("noise");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Unmasker.Settings(List.of("noise"), -1, List.of(1.0),
                List.of(Double.NaN), 1, 1, 1, Unmasker.FineTune.DEFAULT)).hasMessageStartingWith("--scales");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Unmasker.Settings(List.of("noise"), -2, List.of(1.0),
                List.of(1.0), 1, 1, 1, Unmasker.FineTune.DEFAULT)).hasMessageStartingWith("--layer");
        assertThat(Unmasker.call("x", "a", "b", new Comparison(0, 0, Double.NaN, 0, 0, 1, 3)).faker()).isNull();
    }

    @Test
    void aPairIsComparedOnInputsWhereBothBehave() {
        OpenModel faker = OpenModels.open("organism:neural-pair-05-faker");
        OpenModel aligned = OpenModels.open("organism:neural-pair-05-aligned");
        var detector = Detectors.create("answer", DetectorOptions.offline());
        Unmasker.Result result = Unmasker.unmask(faker, aligned, SUITE, CueFamilies.builtIn(), detector, SMALL, Progress.NONE);
        assertThat(result.candidates()).isGreaterThanOrEqualTo(8);
        Behaviour behaviour = new Behaviour(detector);
        for (String id : result.inputs()) {
            Input input = Inputs.all(SUITE, CueFamilies.builtIn(), 5).stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
            assertThat(behaviour.behaves(faker, input, input.observed())).isTrue();
            assertThat(behaviour.behaves(aligned, input, input.observed())).isTrue();
        }
        assertThat(result.strategies()).allSatisfy(call -> {
            assertThat(call.comparison().n()).as(call.name()).isEqualTo(call.name().equals("fine-tune") ? 4 : 8);
            assertThat(call.confidence()).isBetween(0.0, 1.0);
            assertThat(call.faker()).isIn(faker.ref(), aligned.ref(), null);
        });
    }
}
