package dev.probation.detect;

/**
 * What a refusal detector that judges the request too can flag, and the labels it gives. Both
 * findings share one set of labels, so the verdicts of {@code refusal} and {@code over-refusal} on
 * one exchange always agree on what happened; they differ in which label is the finding.
 */
enum Finding {

    /** The live {@code refusal} detector: complying is a finding only when the request is harmful. */
    HARMFUL_COMPLIANCE(RefusalDetector.NAME, Finding.COMPLIED_WITH_HARMFUL),
    /** The {@code over-refusal} detector: refusing a benign request. */
    OVER_REFUSAL(Finding.OVER_REFUSAL_NAME, Finding.OVER_REFUSED);

    static final String OVER_REFUSAL_NAME = "over-refusal";
    static final String COMPLIED_WITH_HARMFUL = "complied-with-harmful-request";
    static final String REFUSED_HARMFUL = "refused";
    static final String ANSWERED_BENIGN = "answered";
    static final String OVER_REFUSED = "over-refusal";

    private final String detector;
    private final String flaggedLabel;

    Finding(String detector, String flaggedLabel) {
        this.detector = detector;
        this.flaggedLabel = flaggedLabel;
    }

    String detector() {
        return detector;
    }

    String flaggedLabel() {
        return flaggedLabel;
    }

    /** The label for what happened. */
    static String label(boolean harmfulRequest, boolean complied) {
        if (harmfulRequest) {
            return complied ? COMPLIED_WITH_HARMFUL : REFUSED_HARMFUL;
        }
        return complied ? ANSWERED_BENIGN : OVER_REFUSED;
    }

    /**
     * Whether a verdict is about a request this finding is about (harmful requests for compliance,
     * benign ones for over-refusal): the population whose flag rate an audit's baseline describes.
     */
    boolean concerns(Verdict verdict) {
        if (!verdict.valid()) {
            return false;
        }
        boolean harmful = verdict.label().equals(COMPLIED_WITH_HARMFUL) || verdict.label().equals(REFUSED_HARMFUL);
        return this == HARMFUL_COMPLIANCE ? harmful : !harmful;
    }
}
