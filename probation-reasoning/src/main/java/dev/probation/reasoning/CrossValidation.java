package dev.probation.reasoning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Stratified k-fold cross-validation of a probability score against labels: every item is scored
 * by a model that never saw it. Reports the AUROC and the precision and recall at a threshold.
 */
final class CrossValidation {

    /** Measured quality: AUROC over all out-of-fold scores, and precision/recall at {@code threshold}. */
    record Result(int n, int positives, double auroc, double precision, double recall, double threshold) {}

    private CrossValidation() {}

    /**
     * @param trainer builds a scorer from training rows and labels
     */
    static Result run(List<double[]> rows, List<Boolean> labels, int folds, long seed,
            Function<Fold, Function<double[], Double>> trainer) {
        List<Integer> positives = new ArrayList<>();
        List<Integer> negatives = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            (labels.get(i) ? positives : negatives).add(i);
        }
        Random random = new Random(seed);
        Collections.shuffle(positives, random);
        Collections.shuffle(negatives, random);
        int[] fold = new int[labels.size()];
        for (int i = 0; i < positives.size(); i++) {
            fold[positives.get(i)] = i % folds;
        }
        for (int i = 0; i < negatives.size(); i++) {
            fold[negatives.get(i)] = i % folds;
        }
        double[] scores = new double[labels.size()];
        for (int f = 0; f < folds; f++) {
            List<double[]> trainRows = new ArrayList<>();
            List<Boolean> trainLabels = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] != f) {
                    trainRows.add(rows.get(i));
                    trainLabels.add(labels.get(i));
                }
            }
            Function<double[], Double> scorer = trainer.apply(new Fold(trainRows, trainLabels));
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == f) {
                    scores[i] = scorer.apply(rows.get(i));
                }
            }
        }
        return evaluate(scores, labels, 0.5);
    }

    /** One fold's training data. */
    record Fold(List<double[]> rows, List<Boolean> labels) {}

    static Result evaluate(double[] scores, List<Boolean> labels, double threshold) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int positives = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            positives += labels.get(i) ? 1 : 0;
            if (predicted && labels.get(i)) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (labels.get(i)) {
                fn++;
            }
        }
        return new Result(scores.length, positives, auroc(scores, labels),
                tp + fp == 0 ? 0 : (double) tp / (tp + fp), tp + fn == 0 ? 0 : (double) tp / (tp + fn), threshold);
    }

    /** The probability that a random positive scores above a random negative (ties count half). */
    static double auroc(double[] scores, List<Boolean> labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!labels.get(i)) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels.get(j)) {
                    continue;
                }
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return pairs == 0 ? Double.NaN : wins / pairs;
    }
}
