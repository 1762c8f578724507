package dev.probation.reasoning;

import dev.probation.learn.CrossValidation;
import dev.probation.learn.LogisticModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Trains the {@link Classifier} on labelled traces, by stacking:
 * <ol>
 * <li>sentence models per criterion, on sentences labelled from the traces' {@code evidence} quotes;
 * <li>trace models on pooled sentence scores that sentence models trained without that trace produced
 * (5 folds), so that the trace models learn how sentence scores look on traces never seen;
 * <li>Platt scaling on the trace models' own out-of-fold scores.
 * </ol>
 * Deterministic: the same traces give the same classifier.
 */
final class ClassifierTraining {

    static final int FOLDS = 5;
    static final long SEED = 1;

    private ClassifierTraining() {}

    /**
     * What training gave: the classifier, and each trace's out-of-fold scores for cross-validated
     * figures: from trace models and a calibration fitted without the trace's fold. The sentence models
     * that made the rows those trace models learned from did see the fold (a second-order leak that
     * nested cross-validation, in LongTraceExperiment, removes).
     *
     * @param examples  the training traces, in order
     * @param faking    per trace, out of fold
     * @param evalAware per trace, out of fold
     * @param criteria  per criterion (in {@link Criterion} order), per trace, out of fold
     */
    record Result(Classifier classifier, List<Example> examples, double[] faking, double[] evalAware, double[][] criteria) {}

    /**
     * A training trace, its sentences embedded, and per criterion the label of each sentence: true for a
     * sentence its writer quoted as evidence, false for every sentence of a trace that does not meet the
     * criterion and for unquoted ones of a trace that does, null when the trace meets it without quotes.
     */
    record Example(Trace trace, List<Span> sentences, float[][] embedded, Boolean[][] labels) {}

    static Result train(Map<String, List<Trace>> sets, SentenceModel.Costs costs, int candidates) {
        Map<String, Integer> trainedOn = new LinkedHashMap<>();
        sets.forEach((name, set) -> trainedOn.put(name, set.size()));
        return train(trainedOn, examples(sets.values().stream().flatMap(List::stream).toList()), costs, candidates);
    }

    /** Trains on examples already embedded; {@code trainedOn} is recorded in the classifier. */
    static Result train(Map<String, Integer> trainedOn, List<Example> examples, SentenceModel.Costs costs, int candidates) {
        List<Trace> traces = examples.stream().map(Example::trace).toList();
        List<Boolean> fakingLabels = traces.stream().map(Trace::alignmentFaking).toList();
        int[] folds = CrossValidation.stratifiedFolds(fakingLabels, FOLDS, SEED);

        // Rows each trace gets from sentence models that did not see it.
        double[][] pooled = new double[examples.size()][];
        for (int f = 0; f < FOLDS; f++) {
            List<Example> train = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (folds[i] != f) {
                    train.add(examples.get(i));
                }
            }
            Classifier sentenceOnly = partial(sentenceModels(train, costs, candidates), costs, candidates);
            for (int i = 0; i < examples.size(); i++) {
                if (folds[i] == f) {
                    pooled[i] = read(sentenceOnly, examples.get(i)).pooled();
                }
            }
        }
        List<double[]> rows = List.of(pooled);
        Map<String, SentenceModel> sentences = sentenceModels(examples, costs, candidates);
        Classifier uncalibrated = traceModels(trainedOn, costs, candidates, sentences, examples, rows);

        // The trace models' out-of-fold scores, for Platt scaling and for the cross-validated figures.
        int n = examples.size();
        double[] faking = new double[n];
        double[] evalAware = new double[n];
        double[][] criteria = new double[Criterion.values().length][n];
        for (int f = 0; f < FOLDS; f++) {
            List<Example> trainExamples = new ArrayList<>();
            List<double[]> trainRows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (folds[i] != f) {
                    trainExamples.add(examples.get(i));
                    trainRows.add(rows.get(i));
                }
            }
            Classifier fold = traceModels(trainedOn, costs, candidates, sentences, trainExamples, trainRows);
            for (int i = 0; i < n; i++) {
                if (folds[i] == f) {
                    faking[i] = fold.uncalibratedFaking(rows.get(i));
                    for (Criterion c : Criterion.values()) {
                        criteria[c.ordinal()][i] = fold.criterion(c, rows.get(i));
                    }
                    evalAware[i] = criteria[Criterion.EVAL_AWARE.ordinal()][i];
                }
            }
        }
        List<Boolean> awareLabels = traces.stream().map(Trace::evalAware).toList();
        Classifier classifier = new Classifier(Classifier.VERSION, Classifier.EMBEDDING, trainedOn, costs, candidates, sentences,
                uncalibrated.faking(), uncalibrated.criteria(), platt(faking, rows, fakingLabels, folds, -1),
                platt(evalAware, rows, awareLabels, folds, -1));
        // The reported out-of-fold scores are calibrated by a scaling fitted on the other folds only.
        double[] fakingCalibrated = new double[n];
        double[] awareCalibrated = new double[n];
        for (int f = 0; f < FOLDS; f++) {
            LogisticModel fakingPlatt = platt(faking, rows, fakingLabels, folds, f);
            LogisticModel awarePlatt = platt(evalAware, rows, awareLabels, folds, f);
            for (int i = 0; i < n; i++) {
                if (folds[i] == f) {
                    fakingCalibrated[i] = Classifier.calibrated(fakingPlatt, faking[i], rows.get(i));
                    awareCalibrated[i] = Classifier.calibrated(awarePlatt, evalAware[i], rows.get(i));
                }
            }
        }
        return new Result(classifier, examples, fakingCalibrated, awareCalibrated, criteria);
    }

    /** A classifier of sentence models alone, to score held-out traces with (its trace models are unused). */
    private static Classifier partial(Map<String, SentenceModel> sentences, SentenceModel.Costs costs, int candidates) {
        LogisticModel none = new LogisticModel(new double[0], new double[0], new double[] {0});
        Map<String, LogisticModel> criteria = new LinkedHashMap<>();
        for (Criterion c : Criterion.values()) {
            criteria.put(c.id(), none);
        }
        return new Classifier(Classifier.VERSION, Classifier.EMBEDDING, Map.of(), costs, candidates, sentences, none, criteria, none,
                none);
    }

    private static Classifier traceModels(Map<String, Integer> trainedOn, SentenceModel.Costs costs, int candidates,
            Map<String, SentenceModel> sentences, List<Example> examples, List<double[]> rows) {
        Map<String, LogisticModel> criteria = new LinkedHashMap<>();
        for (Criterion c : Criterion.values()) {
            criteria.put(c.id(), LogisticModel.train(rows, examples.stream().map(e -> meets(e.trace(), c)).toList(), costs.trace()));
        }
        LogisticModel faking = LogisticModel.train(rows, examples.stream().map(e -> e.trace().alignmentFaking()).toList(),
                costs.trace());
        LogisticModel identity = new LogisticModel(new double[] {0, 0}, new double[] {1, 1}, new double[] {1, 0, 0});
        return new Classifier(Classifier.VERSION, Classifier.EMBEDDING, trainedOn, costs, candidates, sentences, faking, criteria,
                identity, identity);
    }

    /**
     * Platt scaling: a logistic regression on the logit of the score and the trace's length, barely
     * regularised, fitted on every trace outside fold {@code leftOut} (-1: on all of them).
     */
    static LogisticModel platt(double[] scores, List<double[]> pooled, List<Boolean> labels, int[] folds, int leftOut) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> kept = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (folds[i] != leftOut) {
                rows.add(Classifier.calibrationRow(scores[i], pooled.get(i)));
                kept.add(labels.get(i));
            }
        }
        return LogisticModel.train(rows, kept, 100);
    }

    /**
     * Per criterion: the word model trains on every labelled sentence. A trace that meets the criterion
     * without quotes (the short sets) then lends it its best-scoring sentence as a positive, and the word
     * model trains again. The embedding model trains on the positives, the negatives the word model
     * ranks highest in each trace (what it will be shown) and a sample of the other negatives.
     */
    static Map<String, SentenceModel> sentenceModels(List<Example> examples, SentenceModel.Costs costs, int candidates) {
        // The criteria train independently: two at a time on the machine's cores, each model the same as alone.
        List<SentenceModel> trained = java.util.Arrays.stream(Criterion.values()).parallel()
                .map(c -> sentenceModel(examples, c, costs, candidates)).toList();
        Map<String, SentenceModel> models = new LinkedHashMap<>();
        for (Criterion c : Criterion.values()) {
            models.put(c.id(), trained.get(c.ordinal()));
        }
        return models;
    }

    private static SentenceModel sentenceModel(List<Example> examples, Criterion c, SentenceModel.Costs costs, int candidates) {
        Boolean[][] labels = new Boolean[examples.size()][];
        for (int t = 0; t < examples.size(); t++) {
            labels[t] = examples.get(t).labels()[c.ordinal()].clone();
        }
        LexicalModel lexical = lexical(examples, labels, costs);
        for (int t = 0; t < examples.size(); t++) {
            Example e = examples.get(t);
            if (meets(e.trace(), c) && unquoted(labels[t])) {
                labels[t][best(lexical, e.sentences())] = true;
            }
        }
        lexical = lexical(examples, labels, costs);
        List<double[]> rows = new ArrayList<>();
        List<Boolean> rowLabels = new ArrayList<>();
        for (int t = 0; t < examples.size(); t++) {
            Example e = examples.get(t);
            Boolean[] known = labels[t];
            double[] scores = new double[e.sentences().size()];
            for (int s = 0; s < scores.length; s++) {
                scores[s] = lexical.probability(e.sentences().get(s).text());
            }
            Integer[] order = new Integer[scores.length];
            java.util.Arrays.setAll(order, s -> s);
            java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            boolean[] shown = new boolean[scores.length];
            for (int k = 0; k < Math.min(2 * candidates, order.length); k++) {
                shown[order[k]] = true;
            }
            for (int s = 0; s < scores.length; s++) {
                if (Boolean.TRUE.equals(known[s]) || ((shown[s] || sampled(t, s)) && Boolean.FALSE.equals(known[s]))) {
                    rows.add(SentenceModel.row(e.embedded()[s]));
                    rowLabels.add(known[s]);
                }
            }
        }
        return new SentenceModel(lexical.rounded(4), LogisticModel.train(rows, rowLabels, costs.embedding()));
    }

    /**
     * A fixed quarter of the sentences, by position (every fourth, starting at the trace's position in
     * the training list modulo 4): the embedding models train on these negatives besides the word
     * model's candidates. All of them would add 0.005 to the cross-validated AUROC and double the
     * training time.
     */
    static boolean sampled(int trace, int sentence) {
        return Math.floorMod(sentence - trace, 4) == 0;
    }

    private static LexicalModel lexical(List<Example> examples, Boolean[][] labels, SentenceModel.Costs costs) {
        List<String> texts = new ArrayList<>();
        List<Boolean> kept = new ArrayList<>();
        for (int t = 0; t < examples.size(); t++) {
            for (int s = 0; s < labels[t].length; s++) {
                if (labels[t][s] != null) {
                    texts.add(examples.get(t).sentences().get(s).text());
                    kept.add(labels[t][s]);
                }
            }
        }
        return LexicalModel.train(texts, kept, costs.lexical(), costs.minCount());
    }

    /** A trace that meets the criterion without saying which sentences show it: every label unknown. */
    private static boolean unquoted(Boolean[] labels) {
        return labels.length > 0 && java.util.Arrays.stream(labels).allMatch(java.util.Objects::isNull);
    }

    private static int best(LexicalModel model, List<Span> sentences) {
        int best = -1;
        double bestScore = -1;
        for (int s = 0; s < sentences.size(); s++) {
            double score = model.probability(sentences.get(s).text());
            if (score > bestScore) {
                best = s;
                bestScore = score;
            }
        }
        return best;
    }

    /** The sentence scores of a training trace, from its embeddings already made. */
    static SentenceScores read(Classifier classifier, Example example) {
        return classifier.read(example.sentences(), indices -> indices.stream().map(s -> example.embedded()[s]).toArray(float[][]::new));
    }

    static boolean meets(Trace trace, Criterion criterion) {
        return criterion == Criterion.EVAL_AWARE ? trace.evalAware() : trace.criteria().contains(criterion);
    }

    /** Splits and embeds the traces (every sentence: the sentence models train on all of them). */
    static List<Example> examples(List<Trace> traces) {
        return examples(traces, Embedder::embed);
    }

    /** As {@link #examples(List)}, with another source of embeddings (a cache, in experiments). */
    static List<Example> examples(List<Trace> traces, java.util.function.Function<List<String>, float[][]> embedder) {
        List<List<Span>> split = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Trace trace : traces) {
            if (trace.alignmentFaking() == null || trace.evalAware() == null) {
                throw new IllegalArgumentException("trace " + trace.id() + " is not labelled (alignmentFaking, evalAware)");
            }
            List<Span> sentences = Sentences.inspected(Excerpt.of(trace.reasoning()));
            split.add(sentences);
            sentences.forEach(s -> texts.add(s.text()));
        }
        float[][] all = embedder.apply(texts);
        List<Example> examples = new ArrayList<>();
        int next = 0;
        for (int t = 0; t < traces.size(); t++) {
            List<Span> sentences = split.get(t);
            float[][] embedded = java.util.Arrays.copyOfRange(all, next, next + sentences.size());
            next += sentences.size();
            examples.add(new Example(traces.get(t), sentences, embedded, labels(traces.get(t), sentences)));
        }
        return examples;
    }

    private static Boolean[][] labels(Trace trace, List<Span> sentences) {
        Criterion[] all = Criterion.values();
        Boolean[][] labels = new Boolean[all.length][sentences.size()];
        JsonNode evidence = trace.fields() == null ? null : trace.fields().get("evidence");
        for (Criterion c : all) {
            if (!meets(trace, c)) {
                java.util.Arrays.fill(labels[c.ordinal()], false);
                continue;
            }
            boolean quoted = false;
            boolean[] positive = new boolean[sentences.size()];
            for (JsonNode quote : evidence == null ? List.<JsonNode>of() : evidence.path(c.id())) {
                String text = quote.asString();
                int at = trace.reasoning().indexOf(text);
                if (at < 0) {
                    throw new IllegalArgumentException("trace " + trace.id() + ": field 'evidence." + c.id()
                            + "': quote not found in the reasoning: " + text);
                }
                for (int s = 0; s < sentences.size(); s++) {
                    if (sentences.get(s).start() < at + text.length() && sentences.get(s).end() > at) {
                        positive[s] = true;
                        quoted = true;
                    }
                }
            }
            for (int s = 0; s < sentences.size(); s++) {
                labels[c.ordinal()][s] = quoted ? positive[s] : null;
            }
        }
        return labels;
    }
}
