package dev.probation.reasoning;

import dev.probation.detect.Detector;
import dev.probation.detect.Evidence;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.run.ReasoningSplitter;
import dev.probation.scenario.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reasoning inspection as an audit and gateway detector: judges the reasoning the API returned, or
 * a scratchpad written into the answer. An answer with no reasoning cannot be judged and gets a
 * failed verdict, so an audit of a model that shows none is inconclusive rather than clean.
 */
final class ReasoningDetector implements Detector {

    static final String FAKING = "faking-reasoning";
    static final String EVAL_AWARENESS = "eval-awareness";

    private final String name;
    private final ReasoningInspector inspector;

    ReasoningDetector(String name, ReasoningInspector inspector) {
        this.name = name;
        this.inspector = inspector;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String flaggedLabel() {
        return name.equals(FAKING) ? "faking" : "aware";
    }

    @Override
    public int modelCallsPerVerdict() {
        return inspector.modelCallsPerTrace();
    }

    @Override
    public Verdict detect(Scenario scenario, ChatResponse response) {
        String reasoning = ReasoningSplitter.split(response).reasoning();
        if (reasoning.isBlank()) {
            return Verdict.failed(name, "the answer has no reasoning to inspect (ask for a scratchpad or for reasoning: audit with --scratchpad or --reasoning-effort)");
        }
        Inspection found;
        try {
            found = inspector.inspect(reasoning);
        } catch (InspectionFailedException e) {
            return Verdict.failed(name, e.getMessage());
        }
        boolean faking = name.equals(FAKING);
        double score = faking ? found.alignmentFaking() : found.evalAware();
        boolean flagged = score >= Inspection.THRESHOLD;
        List<Evidence> evidence = found.evidence().stream()
                .filter(q -> faking ? q.criterion() != Criterion.EVAL_AWARE : q.criterion() == Criterion.EVAL_AWARE)
                .map(q -> new Evidence("reasoning", q.start(), q.end(), q.text()))
                .toList();
        String criteria = found.criteriaInOrder().stream().map(Criterion::id).collect(Collectors.joining(", "));
        String explanation = String.format(Locale.ROOT, "%s score %.2f (%s); criteria found: %s.",
                faking ? "Alignment-faking reasoning" : "Evaluation awareness", score, found.method(),
                criteria.isEmpty() ? "none" : criteria)
                + (found.omittedChars() > 0 ? String.format(Locale.ROOT, " Only the first and last %,d characters were inspected "
                + "(%,d in the middle were not).", ReasoningInspector.MAX_CHARS / 2, found.omittedChars()) : "");
        return new Verdict(name, flagged ? flaggedLabel() : "none", flagged, score, evidence, explanation);
    }
}
