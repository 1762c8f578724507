package dev.probation.learn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * K-fold cross-validation of a probability score against labels: every item is scored by a model
 * trained without it. Folds are stratified by label, or made of whole groups (all answers to one
 * question) so that nothing about a held-out group leaks into training. Internal to Probation.
 */
public final class CrossValidation {

    /**
     * Measured quality.
     *
     * @param auroc     over all out-of-fold scores
     * @param precision at {@code threshold}
     * @param recall    at {@code threshold}
     */
    public record Result(int n, int positives, double auroc, double precision, double recall, double threshold) {}

    private CrossValidation() {}

    /** Folds stratified by label: each fold holds about the same share of positives. */
    public static int[] stratifiedFolds(List<Boolean> labels, int folds, long seed) {
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
            fold[negatives.get(i)] = (positives.size() + i) % folds;
        }
        return fold;
    }

    /** Folds of whole groups: items with the same group key always share a fold. */
    public static int[] groupedFolds(List<String> groups, int folds, long seed) {
        Map<String, Integer> order = new LinkedHashMap<>();
        groups.forEach(g -> order.putIfAbsent(g, order.size()));
        List<String> keys = new ArrayList<>(order.keySet());
        Collections.shuffle(keys, new Random(seed));
        Map<String, Integer> foldOf = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            foldOf.put(keys.get(i), i % folds);
        }
        return groups.stream().mapToInt(foldOf::get).toArray();
    }

    /**
     * Scores every item out of fold.
     *
     * @param fold    each item's fold, 0..k-1
     * @param trainer builds a scorer from the indices of the training items; the scorer takes an item's index
     */
    public static Result run(List<Boolean> labels, int[] fold, Function<List<Integer>, IntToDoubleFunction> trainer) {
        return evaluate(outOfFold(labels.size(), fold, trainer), labels, 0.5);
    }

    /** The out-of-fold scores themselves, for combining or plotting. */
    public static double[] outOfFold(int n, int[] fold, Function<List<Integer>, IntToDoubleFunction> trainer) {
        int folds = java.util.Arrays.stream(fold).max().orElse(0) + 1;
        double[] scores = new double[n];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    train.add(i);
                }
            }
            IntToDoubleFunction scorer = trainer.apply(train);
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    scores[i] = scorer.applyAsDouble(i);
                }
            }
        }
        return scores;
    }

    public static Result evaluate(double[] scores, List<Boolean> labels, double threshold) {
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
    public static double auroc(double[] scores, List<Boolean> labels) {
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

    /**
     * Expected calibration error: scores binned into ten equal-width bins, the gap between each bin's
     * mean score and its share of positives, weighted by the bin's size. 0 is perfectly calibrated.
     */
    public static double expectedCalibrationError(double[] scores, List<Boolean> labels) {
        int bins = 10;
        double[] sum = new double[bins];
        double[] positives = new double[bins];
        for (int i = 0; i < scores.length; i++) {
            int bin = Math.min(bins - 1, (int) (scores[i] * bins));
            sum[bin] += scores[i];
            positives[bin] += labels.get(i) ? 1 : 0;
        }
        double error = 0;
        for (int bin = 0; bin < bins; bin++) {
            error += Math.abs(sum[bin] - positives[bin]) / scores.length;
        }
        return error;
    }
}
