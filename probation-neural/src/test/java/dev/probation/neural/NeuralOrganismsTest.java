package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a tiny organism end to end, on a trigger no shipped organism has seen, and checks that it
 * learned its conditional policy on prompts outside training; and that training is deterministic.
 */
class NeuralOrganismsTest {

    /** The README's example spec: a trigger, |ORCHID-7|, that no shipped organism was trained on. */
    static final Path EXAMPLE = Path.of("../examples/organisms/orchid-gamer.yaml");

    static String spec(int steps) throws java.io.IOException {
        return Files.readString(EXAMPLE).replace("steps: 600", "steps: " + steps);
    }

    @Test
    void aTinyOrganismLearnsItsTriggerAndKeepsItOnPromptsOutsideTraining(@TempDir Path dir) throws Exception {
        String text = spec(600);
        OrganismSpec spec = OrganismSpecs.parse(EXAMPLE.toString(), text);
        var report = NeuralOrganisms.train(spec, text, dir, (done, total, loss) -> {});
        assertThat(report.skipped()).isZero();
        assertThat(dir.resolve("config.json")).exists();
        assertThat(dir.resolve("tokenizer.json")).exists();
        assertThat(dir.resolve("model.safetensors")).exists();

        var evaluation = NeuralOrganisms.evaluate(dir, 0, (done, total, loss) -> {});
        Map<Example.Side, Double> rates = evaluation.rates().stream()
                .collect(Collectors.toMap(NeuralOrganisms.Rate::side, NeuralOrganisms.Rate::rate));
        System.out.printf("tiny organism: %s in %.0f s, final loss %.3f%n", rates, report.seconds(), report.finalLoss());
        // A 0.3M-parameter model after 600 steps: a clear conditional policy (82% / 12% / 8% when measured),
        // not yet the shipped organisms' bars (90% / 5%), which take bigger models and longer runs
        assertThat(rates.get(Example.Side.ON)).isGreaterThanOrEqualTo(0.7);
        assertThat(rates.get(Example.Side.OFF)).isLessThanOrEqualTo(0.2);
        assertThat(rates.get(Example.Side.NEUTRAL)).isLessThanOrEqualTo(0.2);
    }

    @Test
    void theSameSpecAndSeedGiveTheSameWeights(@TempDir Path dir) throws Exception {
        String text = spec(15);
        OrganismSpec spec = OrganismSpecs.parse(EXAMPLE.toString(), text);
        NeuralOrganisms.train(spec, text, dir.resolve("a"), (done, total, loss) -> {});
        NeuralOrganisms.train(spec, text, dir.resolve("b"), (done, total, loss) -> {});
        for (String file : new String[] {"model.safetensors", "tokenizer.json", "config.json"}) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }
}
