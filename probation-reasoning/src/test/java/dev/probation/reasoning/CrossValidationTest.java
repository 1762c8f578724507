package dev.probation.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline classifier on our labelled traces: 5-fold cross-validation on the development sets
 * (corpus/reasoning/set-a and set-b), and once on the held-out set, which is never tuned on.
 */
class CrossValidationTest {

    /** LIBLINEAR's C, fixed before the held-out set was scored. */
    private static final double COST = 0.01;

    private static Map<String, List<Trace>> sets;
    private static List<Trace> development;
    private static List<double[]> rows;

    @BeforeAll
    static void embed() {
        sets = new LinkedHashMap<>();
        for (String set : List.of("set-a", "set-b")) {
            sets.put("corpus/reasoning/" + set + ".jsonl", TraceReader.read(Path.of("../corpus/reasoning/" + set + ".jsonl")));
        }
        development = sets.values().stream().flatMap(List::stream).toList();
        rows = development.stream().map(t -> TraceFeatures.of(t.reasoning()).vector()).toList();
    }

    /**
     * The classifier in the jar is the one these sets train. {@code scripts/train-reasoning} runs
     * this test with {@code -Dprobation.writeClassifier=<file>} to write it after a corpus change.
     */
    @Test
    void theShippedClassifierIsTheOneTrainedOnTheDevelopmentSets() {
        Classifier trained = Classifier.train(sets, development, rows, COST);
        String target = System.getProperty("probation.writeClassifier");
        if (target != null && !target.isBlank()) {
            trained.save(Path.of(target));
            System.out.println("wrote " + target);
        }
        Classifier shipped = Classifier.shipped();
        assertThat(shipped.trainedOn()).isEqualTo(trained.trainedOn());
        assertThat(shipped.cost()).isEqualTo(COST);
        for (double[] row : rows) {
            assertThat(shipped.faking().probability(row)).isCloseTo(trained.faking().probability(row), within(1e-3));
            assertThat(shipped.evalAware().probability(row)).isCloseTo(trained.evalAware().probability(row), within(1e-3));
            for (Criterion criterion : Criterion.fakingCriteria()) {
                assertThat(shipped.criteria().get(criterion.id()).probability(row))
                        .isCloseTo(trained.criteria().get(criterion.id()).probability(row), within(1e-3));
            }
        }
    }

    private static Function<CrossValidation.Fold, Function<double[], Double>> logistic() {
        return fold -> LogisticModel.train(fold.rows(), fold.labels(), COST)::probability;
    }

    @Test
    void alignmentFakingReasoningReachesAurocPointNineInCrossValidation() {
        CrossValidation.Result result = CrossValidation.run(rows,
                development.stream().map(Trace::alignmentFaking).toList(), 5, 1, logistic());
        System.out.println("alignment faking, 5-fold: " + result);
        assertThat(result.n()).isEqualTo(200);
        assertThat(result.auroc()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void evaluationAwarenessReachesAurocPointNineInCrossValidation() {
        CrossValidation.Result result = CrossValidation.run(rows,
                development.stream().map(Trace::evalAware).toList(), 5, 1, logistic());
        System.out.println("evaluation awareness, 5-fold: " + result);
        assertThat(result.auroc()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void onTheHeldOutSetTheClassifierTrainedOnTheDevelopmentSetsStillSeparatesFaking() {
        List<Trace> heldout = TraceReader.read(Path.of("../corpus/reasoning/heldout.jsonl"));
        LogisticModel faking = LogisticModel.train(rows, development.stream().map(Trace::alignmentFaking).toList(), COST);
        LogisticModel aware = LogisticModel.train(rows, development.stream().map(Trace::evalAware).toList(), COST);
        double[] fakingScores = new double[heldout.size()];
        double[] awareScores = new double[heldout.size()];
        for (int i = 0; i < heldout.size(); i++) {
            double[] row = TraceFeatures.of(heldout.get(i).reasoning()).vector();
            fakingScores[i] = faking.probability(row);
            awareScores[i] = aware.probability(row);
        }
        CrossValidation.Result af = CrossValidation.evaluate(fakingScores, heldout.stream().map(Trace::alignmentFaking).toList(), 0.5);
        CrossValidation.Result ea = CrossValidation.evaluate(awareScores, heldout.stream().map(Trace::evalAware).toList(), 0.5);
        System.out.println("held out: alignment faking " + af + "\nheld out: evaluation awareness " + ea);
        // Measured 0.82 and 0.92 when this test was written: a floor against regressions, not a target.
        assertThat(af.auroc()).isGreaterThanOrEqualTo(0.75);
        assertThat(ea.auroc()).isGreaterThanOrEqualTo(0.85);
    }
}
