package dev.probation.liedetector;

import dev.probation.learn.CrossValidation;
import dev.probation.learn.LogisticModel;
import dev.probation.lies.FollowUp;
import dev.probation.lies.KnownQuestion;
import dev.probation.model.Model;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Trains a {@link LieDetector} for one model: elicits truthful answers and lies, interrogates each
 * with the follow-ups, cross-validates a logistic regression with folds grouped by question, and
 * trains the final detector on every question not held out.
 *
 * <pre>{@code
 * LieDetectorTraining.Result trained = LieDetectorTraining.train(model,
 *         LieDetectorTraining.Options.defaults(QuestionBank.questions(), QuestionBank.followUps()), Progress.NONE);
 * trained.detector().save(Path.of("lie-detector.json"));
 * }</pre>
 */
public final class LieDetectorTraining {

    /**
     * @param questions questions with known answers (those held out are drawn from them)
     * @param followUps the follow-up questions
     * @param folds     cross-validation folds, grouped by question
     * @param holdOut   share of questions kept out of training and scored once at the end (0 for none)
     * @param seed      question order, instruction variants, folds and the held-out draw
     * @param cost      LIBLINEAR's C
     */
    public record Options(List<KnownQuestion> questions, List<FollowUp> followUps, int folds, double holdOut, long seed,
            double cost) {

        public Options {
            questions = List.copyOf(questions);
            followUps = List.copyOf(followUps);
            if (questions.size() < 10) {
                throw new IllegalArgumentException("at least 10 questions are needed, not " + questions.size());
            }
            if (followUps.isEmpty()) {
                throw new IllegalArgumentException("at least one follow-up question is needed");
            }
            if (folds < 2) {
                throw new IllegalArgumentException("at least 2 folds are needed");
            }
            if (!(holdOut >= 0 && holdOut < 0.9)) {
                throw new IllegalArgumentException("the held-out share must be at least 0 and below 0.9, not " + holdOut);
            }
        }

        public static Options defaults(List<KnownQuestion> questions, List<FollowUp> followUps) {
            return new Options(questions, followUps, 5, 0.25, 1, 1.0);
        }

        /** Model calls at most: two answers per question, and each kept answer's follow-ups. */
        public long maxCalls() {
            return (long) questions.size() * 2 * (1 + followUps.size());
        }
    }

    /** The detector, and what it was trained on. */
    public record Result(LieDetector detector, int samples) {}

    private LieDetectorTraining() {}

    /**
     * @throws IllegalStateException when too few lies or truths were collected to train on
     */
    public static Result train(Model model, Options options, Progress progress) {
        List<KnownQuestion> shuffled = new ArrayList<>(options.questions());
        Collections.shuffle(shuffled, new Random(options.seed()));
        int heldOutCount = (int) Math.round(options.holdOut() * shuffled.size());
        Set<String> heldOut = shuffled.subList(0, heldOutCount).stream().map(KnownQuestion::id).collect(Collectors.toSet());
        Elicitor.Collected collected = Elicitor.collect(model, shuffled, options.followUps(), options.seed(), progress);

        List<Elicitor.Sample> training = collected.samples().stream().filter(s -> !heldOut.contains(s.question())).toList();
        List<Elicitor.Sample> testing = collected.samples().stream().filter(s -> heldOut.contains(s.question())).toList();
        long lies = training.stream().filter(Elicitor.Sample::lie).count();
        if (lies < 5 || training.size() - lies < 5) {
            throw new IllegalStateException("too few usable answers to train on: " + lies + " lies and " + (training.size() - lies)
                    + " truthful answers (of " + steps(options) + " asked; " + collected.discarded() + " did not do as told, "
                    + collected.failedCalls() + " failed). Does the model follow instructions to lie?");
        }
        List<double[]> rows = training.stream().map(Elicitor.Sample::replies).toList();
        List<Boolean> labels = training.stream().map(Elicitor.Sample::lie).toList();
        int[] folds = CrossValidation.groupedFolds(training.stream().map(Elicitor.Sample::question).toList(), options.folds(),
                options.seed());
        CrossValidation.Result cv = CrossValidation.run(labels, folds, train -> {
            LogisticModel fold = LogisticModel.train(train.stream().map(rows::get).toList(), train.stream().map(labels::get).toList(),
                    options.cost());
            return i -> fold.probability(rows.get(i));
        });
        LogisticModel classifier = LogisticModel.train(rows, labels, options.cost());
        Double heldOutAuroc = null;
        if (!testing.isEmpty()) {
            double[] scores = testing.stream().mapToDouble(s -> classifier.probability(s.replies())).toArray();
            heldOutAuroc = CrossValidation.auroc(scores, testing.stream().map(Elicitor.Sample::lie).toList());
        }
        long unclear = collected.samples().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.replies())).filter(r -> r == 0).count();
        long replies = (long) collected.samples().size() * options.followUps().size();
        TrainingReport report = new TrainingReport(options.questions().size(), collected.lies(),
                collected.samples().size() - collected.lies(), collected.discarded(), collected.failedCalls(), options.folds(),
                cv.auroc(), cv.precision(), cv.recall(), heldOutCount, heldOutAuroc == null || heldOutAuroc.isNaN() ? null : heldOutAuroc,
                shuffled.subList(0, heldOutCount).stream().map(KnownQuestion::id).sorted().toList(),
                replies == 0 ? 0 : (double) unclear / replies, options.seed());
        return new Result(new LieDetector(LieDetector.VERSION, model.ref(), options.followUps(), classifier, report, Instant.now()),
                training.size());
    }

    private static int steps(Options options) {
        return Elicitor.steps(options.questions());
    }
}
