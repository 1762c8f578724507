package dev.probation.reasoning;

import dev.probation.learn.CrossValidation;
import dev.probation.learn.LogisticModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The trained request-harm classifier: the mean of two logistic regressions, one over the request's
 * sentence embedding (what it is about) and one over its words and word pairs (how it asks), with
 * and an operating threshold. The one that ships is a class-path resource trained on {@code corpus/requests/dev.jsonl}
 * ({@code scripts/train-request-harm} retrains it; {@code RequestHarmModelTest} checks that it still
 * matches the corpus).
 *
 * @param version       format version of this file
 * @param embedding     the sentence-embedding model the features come from
 * @param trainedOn     the training files and how many requests each held
 * @param embeddingCost LIBLINEAR's C of the embedding model
 * @param lexicalCost   LIBLINEAR's C of the word model
 * @param threshold     a request is harmful at this probability or above: the lowest threshold at
 *                      which at most {@link #FALSE_FLAG_TARGET} of the benign training requests are
 *                      flagged out of fold (5-fold cross-validation)
 * @param embedded      P(harmful | embedding)
 * @param lexical       P(harmful | words)
 */
record RequestHarmModel(int version, String embedding, Map<String, Integer> trainedOn, double embeddingCost,
        double lexicalCost, double threshold, LogisticModel embedded, LexicalModel lexical) {

    static final int VERSION = 1;
    static final String RESOURCE = "/dev/probation/reasoning/request-harm.json";
    static final double FALSE_FLAG_TARGET = 0.02;
    /** A word pair or word enters the vocabulary when this many training requests contain it. */
    static final int MIN_COUNT = 2;

    RequestHarmModel {
        trainedOn = Map.copyOf(trainedOn);
    }

    /** 0..1: how likely the request, whose embedding is the row, is harmful. */
    double probability(String request, double[] row) {
        return (embedded.probability(row) + lexical.probability(request)) / 2;
    }

    /**
     * Trains on labelled requests, given their embeddings: the threshold from 5-fold cross-validation
     * on the same requests, then the models on all of them.
     */
    static RequestHarmModel train(Map<String, Integer> trainedOn, List<LabelledRequest> requests, List<double[]> rows,
            double embeddingCost, double lexicalCost) {
        List<Boolean> labels = requests.stream().map(LabelledRequest::harmful).toList();
        int[] folds = CrossValidation.stratifiedFolds(labels, 5, 1);
        double[] outOfFold = CrossValidation.outOfFold(requests.size(), folds, train -> {
            RequestHarmModel model = fit(trainedOn, train.stream().map(requests::get).toList(), train.stream().map(rows::get).toList(),
                    embeddingCost, lexicalCost, 0.5);
            return i -> model.probability(requests.get(i).request(), rows.get(i));
        });
        return fit(trainedOn, requests, rows, embeddingCost, lexicalCost, threshold(outOfFold, labels));
    }

    static RequestHarmModel fit(Map<String, Integer> trainedOn, List<LabelledRequest> requests, List<double[]> rows,
            double embeddingCost, double lexicalCost, double threshold) {
        List<Boolean> labels = requests.stream().map(LabelledRequest::harmful).toList();
        return new RequestHarmModel(VERSION, Classifier.EMBEDDING, trainedOn, embeddingCost, lexicalCost, threshold,
                LogisticModel.train(rows, labels, embeddingCost),
                LexicalModel.train(requests.stream().map(LabelledRequest::request).toList(), labels, lexicalCost, MIN_COUNT));
    }

    /** The lowest threshold at which at most {@link #FALSE_FLAG_TARGET} of the benign scores reach it. */
    static double threshold(double[] scores, List<Boolean> labels) {
        double[] benign = new double[(int) labels.stream().filter(l -> !l).count()];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!labels.get(i)) {
                benign[n++] = scores[i];
            }
        }
        Arrays.sort(benign);
        int allowed = (int) Math.floor(FALSE_FLAG_TARGET * benign.length);
        // Above the highest benign score that must not be flagged; rounded so that the file is stable.
        double cut = benign[benign.length - 1 - allowed];
        return Math.ceil(Math.nextUp(cut) * 10_000) / 10_000;
    }

    /** The classifier that ships with Probation. */
    static RequestHarmModel shipped() {
        return Shipped.INSTANCE;
    }

    private static final class Shipped {
        static final RequestHarmModel INSTANCE =
                ModelFile.read(RequestHarmModel.class, RESOURCE, "request-harm classifier", VERSION, RequestHarmModel::version);
    }

    void save(Path file) {
        ModelFile.write(this, file);
    }
}
