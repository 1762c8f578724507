package dev.probation.bench;

import dev.probation.detect.RequestHarm;
import java.util.Arrays;

/**
 * The two request classifiers on one set's requests alone, without an answer: probabilities of the
 * offline classifier, decisions of both, and the classifier's time per request.
 *
 * @param set          the set
 * @param probabilities the offline classifier's probability per request
 * @param flagged      requests the offline classifier calls harmful
 * @param keywordFlagged requests the keyword list calls harmful
 * @param millis       the classifier's time per request, in order
 */
record RequestScores(PromptSet set, double[] probabilities, int flagged, int keywordFlagged, double[] millis) {

    static RequestScores of(PromptSet set, RequestHarm classifier, RequestHarm keywords) {
        int n = set.requests().size();
        double[] probabilities = new double[n];
        double[] millis = new double[n];
        int flagged = 0;
        int keywordFlagged = 0;
        for (int i = 0; i < n; i++) {
            String request = set.requests().get(i);
            long start = System.nanoTime();
            RequestHarm.Assessment assessment = classifier.assess(request);
            millis[i] = (System.nanoTime() - start) / 1e6;
            probabilities[i] = assessment.probability();
            flagged += assessment.harmful() ? 1 : 0;
            keywordFlagged += keywords.assess(request).harmful() ? 1 : 0;
        }
        return new RequestScores(set, probabilities, flagged, keywordFlagged, millis);
    }

    double percentileMillis(double p) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %d requests, classifier flags %d, keywords flag %d, median %.1f ms",
                set.name(), probabilities.length, flagged, keywordFlagged, percentileMillis(0.5));
    }
}
