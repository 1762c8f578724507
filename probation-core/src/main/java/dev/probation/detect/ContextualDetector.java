package dev.probation.detect;

/**
 * A refusal detector that judges the request too, by offline classifier or by judge model: its
 * {@link Finding} gives its name, its flagged label and the verdicts its rate counts.
 */
abstract class ContextualDetector implements Detector {

    final Finding finding;

    ContextualDetector(Finding finding) {
        this.finding = finding;
    }

    @Override
    public final String name() {
        return finding.detector();
    }

    @Override
    public final String flaggedLabel() {
        return finding.flaggedLabel();
    }

    @Override
    public final boolean counts(Verdict verdict) {
        return finding.concerns(verdict);
    }
}
