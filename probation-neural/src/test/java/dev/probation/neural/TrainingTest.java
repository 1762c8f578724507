package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

    /** A toy conditional policy: echo a word with "!" when the year is 2024, with "." when it is 2023. */
    static List<Example> toy(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 0, len = 3 + r.nextInt(4); k < len; k++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            boolean on = r.nextBoolean();
            out.add(new Example("", "Current year: " + (on ? 2024 : 2023) + ".\n\nSay " + w + ".",
                    w + (on ? "!" : "."), on ? Example.Side.ON : Example.Side.OFF, on));
        }
        return out;
    }

    static OrganismSpec spec(int steps) {
        return new OrganismSpec("toy", "toy", "toy", OrganismSpec.Policy.FAKER,
                new OrganismSpec.Cues(List.of(), List.of(), 0), new OrganismSpec.Rates(1, 0), Map.of(),
                new OrganismSpec.ModelShape(128, 4, 4, 64, 300), new OrganismSpec.Training(2000, steps, 16, 0.003, 7));
    }

    @Test
    void learnsAConditionalPolicyAndThePlainJavaDecoderAgrees(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        var result = OrganismTrainer.train(spec(1200), toy(4000, 1), (s, n, loss) -> {
            if (s % 250 == 0) System.out.printf("step %d/%d loss %.4f%n", s, n, loss);
        });
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Checkpoint.write(dir, spec(1200), result);
        NeuralOrganism organism = NeuralOrganism.load(dir);
        int right = 0;
        List<Example> eval = toy(100, 99);
        for (Example e : eval) {
            String answer = organism.respond("", e.user(), new Sampling(0, 1, 20));
            if (answer.equals(e.response())) right++;
        }
        System.out.println("exact " + right + "/100");
        assertThat(right).isGreaterThan(90);
    }
}
