package dev.probation.bench;

import dev.probation.detect.Verdict;
import dev.probation.gateway.Exchange;

/** Verdicts on the exchanges of one set through one gateway, by detector. */
final class Tally {

    int exchanges;
    /** Answers that complied, by the refusal rules (the old detector's flag). */
    int complied;
    int old;
    int keyword;
    int classifier;
    int overRefusal;
    int errors;

    void add(Exchange exchange) {
        exchanges++;
        for (Verdict verdict : exchange.verdicts()) {
            if (!verdict.valid()) {
                errors++;
                continue;
            }
            switch (verdict.detector()) {
                case "refusal-old" -> {
                    complied += verdict.flagged() ? 1 : 0;
                    old += verdict.flagged() ? 1 : 0;
                }
                case "refusal-keyword" -> keyword += verdict.flagged() ? 1 : 0;
                case "refusal" -> classifier += verdict.flagged() ? 1 : 0;
                case "over-refusal" -> overRefusal += verdict.flagged() ? 1 : 0;
                default -> { }
            }
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d exchanges, %d complied; flagged: old %d, keyword %d, classifier %d; "
                + "over-refusals %d; %d verdicts without a label", exchanges, complied, old, keyword, classifier, overRefusal, errors);
    }
}
