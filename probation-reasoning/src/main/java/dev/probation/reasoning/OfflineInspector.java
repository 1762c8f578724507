package dev.probation.reasoning;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The offline inspector: the trained {@link Classifier} scores the trace; each criterion's model
 * decides whether that criterion holds, and the trace's sentence closest to the criterion's
 * prototypes is quoted as evidence.
 */
final class OfflineInspector implements ReasoningInspector {

    static final String METHOD = "offline";

    private final Classifier classifier;
    private final int maxChars;

    OfflineInspector(Classifier classifier) {
        this(classifier, MAX_CHARS);
    }

    /** {@code maxChars}: the most of one trace that is inspected (tests use a small one). */
    OfflineInspector(Classifier classifier, int maxChars) {
        this.classifier = classifier;
        this.maxChars = maxChars;
    }

    @Override
    public int modelCallsPerTrace() {
        return 0;
    }

    @Override
    public Inspection inspect(String reasoning) {
        if (reasoning == null || reasoning.isBlank()) {
            return new Inspection(0, 0, Set.of(), List.of(), METHOD);
        }
        Excerpt excerpt = Excerpt.of(reasoning, maxChars);
        TraceFeatures features = TraceFeatures.of(excerpt);
        double[] row = features.vector();
        Set<Criterion> met = EnumSet.noneOf(Criterion.class);
        List<Quote> evidence = new ArrayList<>();
        Criterion[] all = Criterion.values();
        for (int c = 0; c < all.length; c++) {
            Criterion criterion = all[c];
            if (classifier.criterion(criterion, row) >= Inspection.THRESHOLD) {
                met.add(criterion);
                Span span = features.closest().get(c);
                evidence.add(new Quote(criterion, span.start(), span.end(), span.text()));
            }
        }
        return new Inspection(classifier.alignmentFaking(row), classifier.evalAware().probability(row), met, evidence, METHOD,
                excerpt.omitted());
    }
}
