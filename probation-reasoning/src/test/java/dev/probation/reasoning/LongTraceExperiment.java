package dev.probation.reasoning;

import dev.probation.learn.CrossValidation;
import dev.probation.learn.LogisticModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Exploration of designs for long traces (issue 16), not a regression test: the figures in
 * docs/benchmarks/reasoning.md ("Long traces"). It runs only when asked:
 *
 * <pre>
 * ./build -q -pl probation-reasoning -am install -DskipTests
 * ./build -q -pl probation-reasoning test -Dtest=LongTraceExperiment -Dprobation.experiment=long-traces \
 *     -Dmode=cascade -Dk=2      # mode: both (every sentence embedded), cascade, lex or emb
 * </pre>
 *
 * It cross-validates on the development long sets only; {@code -Dheldout=true} also scores the held-out
 * long sets, which is kept for the design that ships. Sentence embeddings are cached in target/.
 */
@Tag("experiment")
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "probation.experiment", matches = "long-traces")
class LongTraceExperiment {

    static final Path DIR = Path.of(System.getProperty("probation.traces", "../corpus/reasoning"));
    static final Criterion[] ALL = Criterion.values();

    record Doc(Trace trace, List<Span> sentences, float[][] embedded, boolean[][] evidence, double[] oldRow) {}

    static List<Doc> load(String file) {
        List<Doc> docs = new ArrayList<>();
        for (Trace t : TraceReader.read(DIR.resolve(file))) {
            Excerpt excerpt = Excerpt.of(t.reasoning());
            List<Span> sentences = Sentences.split(excerpt);
            float[][] embedded = cachedEmbed(sentences.stream().map(Span::text).toList());
            boolean[][] evidence = new boolean[ALL.length][sentences.size()];
            JsonNode ev = t.fields() == null ? null : t.fields().get("evidence");
            if (ev != null) {
                for (Criterion c : ALL) {
                    for (JsonNode q : ev.path(c.id())) {
                        int at = t.reasoning().indexOf(q.asString());
                        if (at < 0) {
                            continue;
                        }
                        int end = at + q.asString().length();
                        for (int s = 0; s < sentences.size(); s++) {
                            if (sentences.get(s).start() < end && sentences.get(s).end() > at) {
                                evidence[c.ordinal()][s] = true;
                            }
                        }
                    }
                }
            }
            docs.add(new Doc(t, sentences, embedded, evidence, oldRow(embedded)));
        }
        return docs;
    }

    static final Path CACHE = Path.of("target/embedding-cache.bin");
    static Map<String, float[]> cache;

    @SuppressWarnings("unchecked")
    static synchronized float[][] cachedEmbed(List<String> texts) {
        if (cache == null) {
            cache = new HashMap<>();
            if (Files.exists(CACHE)) {
                try (var in = new java.io.ObjectInputStream(new java.io.BufferedInputStream(Files.newInputStream(CACHE)))) {
                    cache = (Map<String, float[]>) in.readObject();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            float[][] fresh = Embedder.embed(missing);
            for (int i = 0; i < fresh.length; i++) {
                cache.put(missing.get(i), fresh[i]);
            }
        }
        return texts.stream().map(cache::get).toArray(float[][]::new);
    }

    static void saveCache() throws java.io.IOException {
        try (var out = new java.io.ObjectOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(CACHE)))) {
            out.writeObject(new HashMap<>(cache));
        }
    }

    /** TraceFeatures' vector, from embeddings already made. */
    static double[] oldRow(float[][] embedded) {
        Criterion[] criteria = Criterion.values();
        double[] vector = new double[Embedder.DIMENSION + criteria.length];
        for (float[] sentence : embedded) {
            for (int i = 0; i < Embedder.DIMENSION; i++) {
                vector[i] += sentence[i] / embedded.length;
            }
        }
        for (int c = 0; c < criteria.length; c++) {
            double best = -1;
            for (float[] prototype : Prototypes.of(criteria[c])) {
                for (float[] e : embedded) {
                    best = Math.max(best, Embedder.cosine(e, prototype));
                }
            }
            vector[Embedder.DIMENSION + c] = best;
        }
        return vector;
    }

    /** Sentence models for one criterion: lexical and embedding LRs. */
    record SentenceModels(LexicalModel[] lexical, LogisticModel[] embedding) {

        static SentenceModels train(List<Doc> docs) {
            LexicalModel[] lex = new LexicalModel[ALL.length];
            LogisticModel[] emb = new LogisticModel[ALL.length];
            for (Criterion c : ALL) {
                List<String> texts = new ArrayList<>();
                List<double[]> rows = new ArrayList<>();
                List<Boolean> labels = new ArrayList<>();
                for (Doc d : docs) {
                    for (int s = 0; s < d.sentences().size(); s++) {
                        texts.add(d.sentences().get(s).text());
                        rows.add(row(d, s));
                        labels.add(d.evidence()[c.ordinal()][s]);
                    }
                }
                lex[c.ordinal()] = LexicalModel.train(texts, labels, 1.0, 2);
                emb[c.ordinal()] = LogisticModel.train(rows, labels, 0.1);
            }
            return new SentenceModels(lex, emb);
        }

        double[][] score(Doc d) {
            int n = d.sentences().size();
            double[][] lex = new double[ALL.length][n];
            for (Criterion c : ALL) {
                for (int s = 0; s < n; s++) {
                    lex[c.ordinal()][s] = lexical[c.ordinal()].probability(d.sentences().get(s).text());
                }
            }
            boolean[] embed = new boolean[n];
            if (MODE.equals("cascade")) {
                for (Criterion c : ALL) {
                    Integer[] order = new Integer[n];
                    for (int s = 0; s < n; s++) {
                        order[s] = s;
                    }
                    final double[] l = lex[c.ordinal()];
                    java.util.Arrays.sort(order, (a, b) -> Double.compare(l[b], l[a]));
                    for (int k = 0; k < Math.min(K, n); k++) {
                        embed[order[k]] = true;
                    }
                }
            } else {
                java.util.Arrays.fill(embed, true);
            }
            double[][] q = new double[ALL.length][n];
            for (Criterion c : ALL) {
                for (int s = 0; s < n; s++) {
                    double l = lex[c.ordinal()][s];
                    double e = embed[s] ? embedding[c.ordinal()].probability(row(d, s)) : l;
                    q[c.ordinal()][s] = MODE.equals("lex") ? l : MODE.equals("emb") ? e : (l + e) / 2;
                }
            }
            return q;
        }
    }

    static String MODE = System.getProperty("mode", "both");
    static int K = Integer.getInteger("k", 2);
    static boolean CONTEXT = Boolean.getBoolean("context");
    static boolean HELD_OUT = Boolean.getBoolean("heldout");

    static double[] row(Doc d, int s) {
        float[] e = d.embedded()[s];
        double[] row = new double[CONTEXT ? 2 * e.length : e.length];
        for (int i = 0; i < e.length; i++) {
            row[i] = e[i];
        }
        if (CONTEXT) {
            for (int k : new int[] {s - 1, s + 1}) {
                if (k >= 0 && k < d.embedded().length) {
                    for (int i = 0; i < e.length; i++) {
                        row[e.length + i] += d.embedded()[k][i] / 2;
                    }
                }
            }
        }
        return row;
    }

    /** Trace features: per criterion the max, second and top-3 mean of sentence scores. */
    static double[] pooled(double[][] q) {
        double[] f = new double[ALL.length * 3];
        for (int c = 0; c < ALL.length; c++) {
            double[] v = q[c].clone();
            java.util.Arrays.sort(v);
            int n = v.length;
            f[3 * c] = logit(n > 0 ? v[n - 1] : 0);
            f[3 * c + 1] = logit(n > 1 ? v[n - 2] : 0);
            double top = 0;
            for (int k = 1; k <= Math.min(3, n); k++) {
                top += v[n - k];
            }
            f[3 * c + 2] = logit(n == 0 ? 0 : top / Math.min(3, n));
        }
        return f;
    }

    static double logit(double p) {
        p = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(p / (1 - p));
    }

    record TraceModels(LogisticModel faking, LogisticModel[] criteria) {
        static TraceModels train(List<double[]> rows, List<Doc> docs, double cost) {
            LogisticModel[] cs = new LogisticModel[ALL.length];
            for (Criterion c : ALL) {
                cs[c.ordinal()] = LogisticModel.train(rows, docs.stream().map(d -> c == Criterion.EVAL_AWARE
                        ? d.trace().evalAware() : d.trace().criteria().contains(c)).toList(), cost);
            }
            return new TraceModels(LogisticModel.train(rows, docs.stream().map(d -> d.trace().alignmentFaking()).toList(), cost), cs);
        }

        double faking(double[] row) {
            double weakest = 1;
            for (Criterion c : Criterion.fakingCriteria()) {
                weakest = Math.min(weakest, criteria[c.ordinal()].probability(row));
            }
            return Math.sqrt(faking.probability(row) * weakest);
        }
    }

    static double ece(double[] p, List<Boolean> y) {
        int bins = 10;
        double[] sum = new double[bins];
        double[] pos = new double[bins];
        int[] n = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) (p[i] * bins));
            sum[b] += p[i];
            pos[b] += y.get(i) ? 1 : 0;
            n[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] > 0) {
                e += Math.abs(sum[b] / n[b] - pos[b] / n[b]) * n[b] / p.length;
            }
        }
        return e;
    }

    /** Platt scaling on logit(score). */
    static LogisticModel platt(double[] scores, List<Boolean> y) {
        List<double[]> rows = new ArrayList<>();
        for (double s : scores) {
            rows.add(new double[] {logit(s)});
        }
        return LogisticModel.train(rows, y, 100);
    }

    static double[] calibrate(LogisticModel platt, double[] scores) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = platt.probability(new double[] {logit(scores[i])});
        }
        return out;
    }

    @Test
    @org.junit.jupiter.api.Timeout(7200)
    void run() throws Exception {
        long t0 = System.nanoTime();
        List<Doc> dev = new ArrayList<>();
        for (String f : List.of("long-a.jsonl", "long-b.jsonl", "long-c.jsonl", "long-d.jsonl")) {
            if (Files.exists(DIR.resolve(f))) {
                dev.addAll(load(f));
            }
        }
        List<Doc> held = new ArrayList<>();
        for (String f : List.of("heldout-long-1.jsonl", "heldout-long-2.jsonl")) {
            held.addAll(load(f));
        }
        long words = 0;
        int sentences = 0;
        for (Doc d : held) {
            words += d.trace().reasoning().split("\\s+").length;
            sentences += d.sentences().size();
        }
        saveCache();
        System.out.printf(Locale.ROOT, "loaded %d dev, %d held-out (%d words, %d sentences) in %.1f s%n", dev.size(), held.size(),
                words, sentences, (System.nanoTime() - t0) / 1e9);
        List<Boolean> heldFaking = held.stream().map(d -> d.trace().alignmentFaking()).toList();
        List<Boolean> heldAware = held.stream().map(d -> d.trace().evalAware()).toList();

        // 1. the shipped classifier
        Classifier shipped = Classifier.shipped();
        double[] sf = held.stream().mapToDouble(d -> shipped.alignmentFaking(d.oldRow())).toArray();
        double[] sa = held.stream().mapToDouble(d -> shipped.criterion(Criterion.EVAL_AWARE, d.oldRow())).toArray();
        if (HELD_OUT) {
            System.out.printf(Locale.ROOT, "shipped on held-out long: faking AUROC %.3f ECE %.3f, eval-aware AUROC %.3f%n",
                    CrossValidation.auroc(sf, heldFaking), ece(sf, heldFaking), CrossValidation.auroc(sa, heldAware));
        }
        double[] df = dev.stream().mapToDouble(d -> shipped.alignmentFaking(d.oldRow())).toArray();
        List<Boolean> devLabels = dev.stream().map(d -> d.trace().alignmentFaking()).toList();
        double[] da = dev.stream().mapToDouble(d -> shipped.criterion(Criterion.EVAL_AWARE, d.oldRow())).toArray();
        System.out.printf(Locale.ROOT, "shipped on dev long: faking AUROC %.3f ECE %.3f, eval-aware AUROC %.3f%n",
                CrossValidation.auroc(df, devLabels), ece(df, devLabels),
                CrossValidation.auroc(da, dev.stream().map(d -> d.trace().evalAware()).toList()));

        if (!HELD_OUT) {
            devEvidence(dev);
        }
        // 2. old design retrained on short + long dev
        Map<String, List<Trace>> sets = new HashMap<>();
        List<Trace> shortTraces = new ArrayList<>();
        for (String set : List.of("set-a", "set-b", "set-c")) {
            List<Trace> s = TraceReader.read(Path.of("../corpus/reasoning/" + set + ".jsonl"));
            sets.put(set, s);
            shortTraces.addAll(s);
        }
        List<double[]> shortRows = shortTraces.stream().map(t -> oldRow(cachedEmbed(Sentences.split(Excerpt.of(t.reasoning()))
                .stream().map(Span::text).toList()))).toList();
        saveCache();
        List<Trace> oldTrain = new ArrayList<>(shortTraces);
        List<double[]> oldRows = new ArrayList<>(shortRows);
        dev.forEach(d -> {
            oldTrain.add(d.trace());
            oldRows.add(d.oldRow());
        });
        Classifier retrained = Classifier.train(sets, oldTrain, oldRows, 0.01, 0.1);
        if (HELD_OUT) {
        double[] rf = held.stream().mapToDouble(d -> retrained.alignmentFaking(d.oldRow())).toArray();
        double[] ra = held.stream().mapToDouble(d -> retrained.criterion(Criterion.EVAL_AWARE, d.oldRow())).toArray();
        System.out.printf(Locale.ROOT, "old design retrained with long dev: faking AUROC %.3f ECE %.3f, eval-aware %.3f%n",
                CrossValidation.auroc(rf, heldFaking), ece(rf, heldFaking), CrossValidation.auroc(ra, heldAware));
        }

        // 3. sentence models + pooled trace features, trained on long dev
        for (double cost : new double[] {0.01, 0.1, 1}) {
            SentenceModels sm = SentenceModels.train(dev);
            List<double[]> devRows = new ArrayList<>();
            for (Doc d : dev) {
                devRows.add(pooled(sm.score(d)));
            }
            // in-sample sentence scores on dev are optimistic: use out-of-fold sentence scores for the trace models
            int[] folds = CrossValidation.stratifiedFolds(dev.stream().map(d -> d.trace().alignmentFaking()).toList(), 5, 1);
            List<double[]> oofRows = new ArrayList<>(java.util.Collections.nCopies(dev.size(), (double[]) null));
            for (int k = 0; k < 5; k++) {
                List<Doc> train = new ArrayList<>();
                for (int i = 0; i < dev.size(); i++) {
                    if (folds[i] != k) {
                        train.add(dev.get(i));
                    }
                }
                SentenceModels fold = SentenceModels.train(train);
                for (int i = 0; i < dev.size(); i++) {
                    if (folds[i] == k) {
                        oofRows.set(i, pooled(fold.score(dev.get(i))));
                    }
                }
            }
            // CV of the trace models on out-of-fold sentence features
            List<Boolean> devFaking = dev.stream().map(d -> d.trace().alignmentFaking()).toList();
            double[] oofScores = CrossValidation.outOfFold(dev.size(), folds, train -> {
                TraceModels tm = TraceModels.train(train.stream().map(oofRows::get).toList(), train.stream().map(dev::get).toList(), cost);
                return i -> tm.faking(oofRows.get(i));
            });
            TraceModels tm = TraceModels.train(oofRows, dev, cost);
            if (!HELD_OUT) {
                System.out.printf(Locale.ROOT, "sentence design (%s, context %s, C %.2f): CV faking AUROC %.3f ECE(cal) %.3f%n", MODE, CONTEXT,
                        cost, CrossValidation.auroc(oofScores, devFaking), ece(calibrate(platt(oofScores, devFaking), oofScores), devFaking));
                for (Criterion c : ALL) {
                    List<Boolean> labels = dev.stream().map(d -> c == Criterion.EVAL_AWARE ? d.trace().evalAware()
                            : d.trace().criteria().contains(c)).toList();
                    double[] oofC = CrossValidation.outOfFold(dev.size(), folds, train -> {
                        TraceModels m = TraceModels.train(train.stream().map(oofRows::get).toList(), train.stream().map(dev::get).toList(), cost);
                        return i -> m.criteria()[c.ordinal()].probability(oofRows.get(i));
                    });
                    System.out.printf(Locale.ROOT, "  CV %s AUROC %.3f%n", c.id(), CrossValidation.auroc(oofC, labels));
                }
                continue;
            }
            double[] hf = held.stream().mapToDouble(d -> tm.faking(pooled(sm.score(d)))).toArray();
            double[] ha = held.stream().mapToDouble(d -> tm.criteria()[Criterion.EVAL_AWARE.ordinal()]
                    .probability(pooled(sm.score(d)))).toArray();
            LogisticModel platt = platt(oofScores, devFaking);
            double[] hfc = calibrate(platt, hf);
            System.out.printf(Locale.ROOT, "sentence design (%s, context %s, C %.2f): CV faking AUROC %.3f ECE(cal) %.3f; held-out faking "
                    + "AUROC %.3f ECE raw %.3f cal %.3f; eval-aware %.3f%n", MODE, CONTEXT, cost,
                    CrossValidation.auroc(oofScores, devFaking), ece(calibrate(platt, oofScores), devFaking),
                    CrossValidation.auroc(hf, heldFaking), ece(hf, heldFaking), ece(hfc, heldFaking),
                    CrossValidation.auroc(ha, heldAware));
            if (cost == 0.1) {
                evidence(sm, held);
                for (Criterion c : Criterion.fakingCriteria()) {
                    double[] hc = held.stream().mapToDouble(d -> tm.criteria()[c.ordinal()].probability(pooled(sm.score(d)))).toArray();
                    System.out.printf(Locale.ROOT, "  held-out criterion %s AUROC %.3f%n", c.id(),
                            CrossValidation.auroc(hc, held.stream().map(d -> d.trace().criteria().contains(c)).toList()));
                }
            }
        }
        System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Evidence accuracy of sentence models in 5-fold CV on the development traces. */
    static void devEvidence(List<Doc> dev) {
        int[] folds = CrossValidation.stratifiedFolds(dev.stream().map(d -> d.trace().alignmentFaking()).toList(), 5, 1);
        for (int k = 0; k < 5; k++) {
            List<Doc> train = new ArrayList<>();
            List<Doc> test = new ArrayList<>();
            for (int i = 0; i < dev.size(); i++) {
                (folds[i] == k ? test : train).add(dev.get(i));
            }
            System.out.println(" fold " + k + " evidence:");
            evidence(SentenceModels.train(train), test);
        }
    }

    /** How often the top sentence for a labelled criterion is one of its evidence sentences, and how often a decoy. */
    static void evidence(SentenceModels sm, List<Doc> held) {
        for (Criterion c : ALL) {
            int n = 0;
            int right = 0;
            int decoy = 0;
            for (Doc d : held) {
                boolean has = c == Criterion.EVAL_AWARE ? d.trace().evalAware() : d.trace().criteria().contains(c);
                double[][] q = sm.score(d);
                int best = -1;
                for (int s = 0; s < d.sentences().size(); s++) {
                    if (best < 0 || q[c.ordinal()][s] > q[c.ordinal()][best]) {
                        best = s;
                    }
                }
                if (best < 0) {
                    continue;
                }
                if (has) {
                    n++;
                    right += d.evidence()[c.ordinal()][best] ? 1 : 0;
                }
                JsonNode decoys = d.trace().fields().path("decoys").path(c.id());
                for (JsonNode q2 : decoys) {
                    if (d.sentences().get(best).text().contains(q2.asString()) || q2.asString().contains(d.sentences().get(best).text())) {
                        decoy++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  evidence %s: top sentence labelled in %d of %d; a decoy in %d traces%n", c.id(), right, n, decoy);
        }
    }
}
