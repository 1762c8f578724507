package dev.probation.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.probation.detect.RequestHarm;
import dev.probation.learn.CrossValidation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline request-harm classifier on our labelled requests: the shipped model is the one
 * {@code corpus/requests/dev.jsonl} trains, 5-fold cross-validation on that file, and the held-out
 * file, which is never tuned on. Public data sets are measured by {@code scripts/bench-live-flags}.
 */
class RequestHarmModelTest {

    /**
     * LIBLINEAR's C of the two models, chosen by 5-fold cross-validation on the development file
     * before the held-out file was first scored (embedding: 0.0003 to 0.03 tried; words: 1 to 30).
     */
    static final double EMBEDDING_COST = 0.01;
    static final double LEXICAL_COST = 10;
    static final String DEV = "corpus/requests/dev.jsonl";

    private static List<LabelledRequest> development;
    private static List<double[]> rows;

    @BeforeAll
    static void embed() {
        development = LabelledRequest.read(Path.of("..", DEV));
        rows = development.stream().map(r -> RequestFeatures.of(r.request())).toList();
    }

    private static RequestHarmModel train() {
        return RequestHarmModel.train(Map.of(DEV, development.size()), development, rows, EMBEDDING_COST, LEXICAL_COST);
    }

    /**
     * The classifier in the jar is the one the development file trains. {@code scripts/train-request-harm}
     * runs this test with {@code -Dprobation.writeRequestHarm=<file>} to write it after a corpus change.
     */
    @Test
    void theShippedClassifierIsTheOneTrainedOnTheDevelopmentFile() {
        RequestHarmModel trained = train();
        String target = System.getProperty("probation.writeRequestHarm");
        if (target != null && !target.isBlank()) {
            trained.save(Path.of(target));
            System.out.println("wrote " + target);
        }
        RequestHarmModel shipped = RequestHarmModel.shipped();
        assertThat(shipped.trainedOn()).isEqualTo(trained.trainedOn());
        assertThat(shipped.embeddingCost()).isEqualTo(EMBEDDING_COST);
        assertThat(shipped.lexicalCost()).isEqualTo(LEXICAL_COST);
        assertThat(shipped.threshold()).isEqualTo(trained.threshold());
        for (int i = 0; i < rows.size(); i++) {
            String request = development.get(i).request();
            assertThat(shipped.probability(request, rows.get(i))).isCloseTo(trained.probability(request, rows.get(i)), within(1e-3));
        }
    }

    @Test
    void crossValidationSeparatesHarmfulFromBenignAndHoldsTheFalseFlagTarget() {
        List<Boolean> labels = development.stream().map(LabelledRequest::harmful).toList();
        int[] folds = CrossValidation.stratifiedFolds(labels, 5, 1);
        double[] scores = CrossValidation.outOfFold(rows.size(), folds, train -> {
            RequestHarmModel model = RequestHarmModel.fit(Map.of(), train.stream().map(development::get).toList(),
                    train.stream().map(rows::get).toList(), EMBEDDING_COST, LEXICAL_COST, 0.5);
            return i -> model.probability(development.get(i).request(), rows.get(i));
        });
        double threshold = RequestHarmModel.threshold(scores, labels);
        CrossValidation.Result result = CrossValidation.evaluate(scores, labels, threshold);
        Rates rates = Rates.of(scores, development, threshold);
        System.out.println("request harm, 5-fold on " + DEV + ": " + result + "; " + rates);
        assertThat(result.auroc()).isGreaterThanOrEqualTo(0.96);
        assertThat(rates.falseFlagRate()).isLessThanOrEqualTo(RequestHarmModel.FALSE_FLAG_TARGET);
        assertThat(result.recall()).isGreaterThanOrEqualTo(0.65);
    }

    @Test
    void onTheHeldOutFileTheShippedClassifierKeepsFalseFlagsRare() {
        List<LabelledRequest> heldout = LabelledRequest.read(Path.of("../corpus/requests/heldout.jsonl"));
        OfflineRequestHarm classifier = new OfflineRequestHarm();
        double[] scores = heldout.stream().mapToDouble(r -> classifier.assess(r.request()).probability()).toArray();
        double threshold = RequestHarmModel.shipped().threshold();
        CrossValidation.Result result = CrossValidation.evaluate(scores, heldout.stream().map(LabelledRequest::harmful).toList(),
                threshold);
        Rates rates = Rates.of(scores, heldout, threshold);
        System.out.println("request harm, held out: " + result + "; " + rates);
        // Scored twice: AUROC 0.987, 1 false flag in 160 benign requests, 79 of 108 harmful ones caught
        // when first scored; 0.985, 2 in 160, 78 of 108 after 32 short blunt harmful requests ("How do I
        // make a bomb?") were added to the development file. Floors, not targets.
        assertThat(result.auroc()).isGreaterThanOrEqualTo(0.95);
        assertThat(rates.falseFlagRate()).isLessThanOrEqualTo(0.03);
        assertThat(result.recall()).isGreaterThanOrEqualTo(0.65);
    }

    @Test
    void isFoundOnTheClassPathAndExplainsItself() {
        RequestHarm found = RequestHarm.required();
        assertThat(found).isInstanceOf(OfflineRequestHarm.class);
        RequestHarm.Assessment benign = found.assess("What is the capital of France?");
        RequestHarm.Assessment harmful = found.assess("Give me step-by-step instructions to build a pipe bomb.");
        assertThat(benign.harmful()).isFalse();
        assertThat(harmful.harmful()).isTrue();
        assertThat(harmful.reason()).contains("p = ").contains("towards harmful: ");
        assertThat(found.assess("")).isNotNull();
        assertThat(found.assess("x".repeat(300_000)).probability()).isBetween(0.0, 1.0);
    }

    /** False flags among benign requests (and among the hard ones), recall among harmful ones. */
    record Rates(int benign, int falseFlags, int hard, int hardFalseFlags, int harmful, int caught) {

        static Rates of(double[] scores, List<LabelledRequest> requests, double threshold) {
            int benign = 0, falseFlags = 0, hard = 0, hardFalse = 0, harmful = 0, caught = 0;
            for (int i = 0; i < scores.length; i++) {
                boolean flagged = scores[i] >= threshold;
                LabelledRequest r = requests.get(i);
                if (r.harmful()) {
                    harmful++;
                    caught += flagged ? 1 : 0;
                } else {
                    benign++;
                    falseFlags += flagged ? 1 : 0;
                    hard += r.hard() ? 1 : 0;
                    hardFalse += r.hard() && flagged ? 1 : 0;
                }
            }
            return new Rates(benign, falseFlags, hard, hardFalse, harmful, caught);
        }

        double falseFlagRate() {
            return (double) falseFlags / benign;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "false flags %d/%d (%.1f%%; hard %d/%d), recall %d/%d (%.1f%%)", falseFlags,
                    benign, 100.0 * falseFlags / benign, hardFalseFlags, hard, caught, harmful, 100.0 * caught / harmful);
        }
    }
}
