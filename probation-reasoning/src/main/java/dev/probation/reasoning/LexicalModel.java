package dev.probation.reasoning;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * L2-regularised logistic regression over a request's words and word pairs (present or not, the
 * vector scaled to unit length), trained with LIBLINEAR and kept as a weight per n-gram. It sees
 * what a sentence embedding blurs: "without them knowing", "my neighbour's", "so it looks like".
 *
 * @param weights per n-gram of the vocabulary (those in at least {@code minCount} training requests)
 * @param bias    the intercept
 */
record LexicalModel(Map<String, Double> weights, double bias) {

    static {
        Linear.disableDebugOutput();
    }

    LexicalModel {
        weights = new TreeMap<>(weights);
    }

    /** Lower-case words and pairs of adjacent words, the first word paired with a start mark. */
    static Set<String> grams(String text) {
        Set<String> grams = new LinkedHashSet<>();
        String previous = "^";
        for (String word : text.toLowerCase(Locale.ROOT).replace('’', '\'').split("[^a-z0-9']+")) {
            if (!word.isEmpty()) {
                grams.add(word);
                grams.add(previous + " " + word);
                previous = word;
            }
        }
        return grams;
    }

    /** The same model with weights rounded to {@code decimals} places, for a smaller file. */
    LexicalModel rounded(int decimals) {
        double scale = Math.pow(10, decimals);
        Map<String, Double> kept = new TreeMap<>();
        weights.forEach((gram, weight) -> kept.put(gram, Math.round(weight * scale) / scale));
        return new LexicalModel(kept, Math.round(bias * scale) / scale);
    }

    static LexicalModel train(List<String> texts, List<Boolean> labels, double cost, int minCount) {
        Map<String, Integer> counts = new TreeMap<>();
        texts.forEach(text -> grams(text).forEach(g -> counts.merge(g, 1, Integer::sum)));
        List<String> vocabulary = counts.entrySet().stream().filter(e -> e.getValue() >= minCount).map(Map.Entry::getKey).toList();
        Map<String, Integer> index = new TreeMap<>();
        vocabulary.forEach(g -> index.put(g, index.size() + 1));
        Problem problem = new Problem();
        problem.l = texts.size();
        problem.n = vocabulary.size() + 1;
        problem.bias = 1;
        problem.x = new Feature[texts.size()][];
        problem.y = new double[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            problem.x[i] = features(texts.get(i), index);
            problem.y[i] = labels.get(i) ? 1 : 0;
        }
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, cost, 1e-4));
        double sign = model.getLabels()[0] == 1 ? 1 : -1; // LIBLINEAR's weights favour its first label
        double[] raw = model.getFeatureWeights();
        Map<String, Double> weights = new TreeMap<>();
        for (String gram : vocabulary) {
            weights.put(gram, sign * raw[index.get(gram) - 1]);
        }
        return new LexicalModel(weights, sign * raw[vocabulary.size()]);
    }

    private static Feature[] features(String text, Map<String, Integer> index) {
        Set<Integer> present = new TreeSet<>();
        for (String gram : grams(text)) {
            Integer j = index.get(gram);
            if (j != null) {
                present.add(j);
            }
        }
        double value = 1 / Math.sqrt(Math.max(1, present.size()));
        List<Feature> features = new ArrayList<>();
        present.forEach(j -> features.add(new FeatureNode(j, value)));
        features.add(new FeatureNode(index.size() + 1, 1));
        return features.toArray(new Feature[0]);
    }

    /** Words too common to explain anything, left out of {@link #strongest} (they still count in the model). */
    private static final Set<String> FUNCTION_WORDS = Set.of("^", "a", "an", "the", "i", "me", "my", "you", "your", "it", "is",
            "are", "do", "does", "how", "what", "what's", "can", "could", "would", "should", "to", "of", "in", "on", "for",
            "with", "and", "or", "that", "this", "so", "from", "at", "by", "as", "be", "some", "any", "one");

    /**
     * Up to {@code n} n-grams of the text with the largest weights towards harmful (or towards benign),
     * leaving out n-grams made only of function words.
     */
    List<String> strongest(String text, boolean towardsHarmful, int n) {
        return grams(text).stream().filter(weights::containsKey)
                .filter(g -> !FUNCTION_WORDS.containsAll(List.of(g.split(" "))))
                .filter(g -> towardsHarmful ? weights.get(g) > 0 : weights.get(g) < 0)
                .sorted(java.util.Comparator.comparingDouble(g -> towardsHarmful ? -weights.get(g) : weights.get(g)))
                .limit(n).map(g -> g.startsWith("^ ") ? g.substring(2) : g).toList();
    }

    double probability(String text) {
        return probability(grams(text));
    }

    /** The probability of a text given its {@link #grams}, for a caller that scores one text with several models. */
    double probability(Set<String> grams) {
        double sum = 0;
        int present = 0;
        for (String gram : grams) {
            Double weight = weights.get(gram);
            if (weight != null) {
                sum += weight;
                present++;
            }
        }
        double logit = bias + sum / Math.sqrt(Math.max(1, present));
        return 1 / (1 + Math.exp(-logit));
    }
}
