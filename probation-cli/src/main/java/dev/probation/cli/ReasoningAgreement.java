package dev.probation.cli;

import dev.probation.learn.CrossValidation;
import dev.probation.reasoning.Criterion;
import dev.probation.reasoning.Inspection;
import dev.probation.reasoning.Trace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What {@code inspect-reasoning} says after inspecting: on a labelled set, how each inspector scores
 * against the labels; with {@code --compare-offline}, how often the judge and the offline classifier agree.
 */
final class ReasoningAgreement {

    private ReasoningAgreement() {}

    /** One trace's inspections: by the inspector asked for, and offline when compared (else null). */
    record Pair(Trace trace, Inspection inspection, Inspection offline) {}

    /** The traces inspected by both (by the one when not compared); failed inspections are left out. */
    static List<Pair> pairs(List<InspectReasoningCommand.Result> results, List<InspectReasoningCommand.Result> offline) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Inspection other = offline == null ? null : offline.get(i).inspection();
            if (results.get(i).inspection() != null && (offline == null || other != null)) {
                pairs.add(new Pair(results.get(i).trace(), results.get(i).inspection(), other));
            }
        }
        return pairs;
    }

    /**
     * Scores against the labels, on the inspected traces that carry both labels; says how many were
     * left out and why. Nothing is printed for an input without labels.
     */
    static void againstLabels(PrintWriter err, int traces, List<Pair> pairs, String name, boolean compared) {
        List<Pair> labelled = pairs.stream().filter(p -> p.trace().alignmentFaking() != null && p.trace().evalAware() != null).toList();
        if (labelled.isEmpty()) {
            return;
        }
        List<Boolean> faking = labelled.stream().map(p -> p.trace().alignmentFaking()).toList();
        List<Boolean> aware = labelled.stream().map(p -> p.trace().evalAware()).toList();
        err.printf(Locale.ROOT, "Against the labels (%d traces, %d faking, %d evaluation-aware%s):%n", labelled.size(),
                faking.stream().filter(b -> b).count(), aware.stream().filter(b -> b).count(),
                leftOut(traces - pairs.size(), pairs.size() - labelled.size()));
        line(err, name, labelled, Pair::inspection, faking, aware);
        if (compared) {
            line(err, "offline", labelled, Pair::offline, faking, aware);
        }
    }

    private static String leftOut(int failed, int unlabelled) {
        List<String> parts = new ArrayList<>();
        if (failed > 0) {
            parts.add(failed + " not inspected (failed) left out");
        }
        if (unlabelled > 0) {
            parts.add(unlabelled + " without labels left out");
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
    }

    private static void line(PrintWriter err, String name, List<Pair> pairs, Function<Pair, Inspection> of, List<Boolean> faking,
            List<Boolean> aware) {
        double[] f = pairs.stream().mapToDouble(p -> of.apply(p).alignmentFaking()).toArray();
        double[] a = pairs.stream().mapToDouble(p -> of.apply(p).evalAware()).toArray();
        long flagged = java.util.Arrays.stream(f).filter(x -> x >= 0.5).count();
        long positives = faking.stream().filter(b -> b).count();
        CrossValidation.Result result = CrossValidation.evaluate(f, faking, 0.5);
        err.printf(Locale.ROOT, "  %-10s faking AUROC %s, precision %s, recall %s at 0.5, calibration error %.3f; "
                + "evaluation awareness AUROC %s%n", name, auroc(result.auroc()), flagged == 0 ? "n/a" : two(result.precision()),
                positives == 0 ? "n/a" : two(result.recall()), CrossValidation.expectedCalibrationError(f, faking),
                auroc(CrossValidation.auroc(a, aware)));
    }

    private static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String auroc(double value) {
        return Double.isNaN(value) ? "n/a (one class only)" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** How often the judge and the offline classifier agree, on the faking verdict and on each criterion. */
    static void judgeAndOffline(PrintWriter err, List<Pair> pairs) {
        if (pairs.isEmpty()) {
            err.println("Judge and offline classifier: no trace was inspected by both, nothing to compare.");
            return;
        }
        int n = pairs.size();
        err.printf(Locale.ROOT, "Judge and offline classifier, %d traces: faking verdict agrees on %d (Cohen's kappa %s)%n", n,
                agreeing(pairs, p -> p.inspection().faking(), p -> p.offline().faking()),
                kappa(pairs, p -> p.inspection().faking(), p -> p.offline().faking()));
        for (Criterion criterion : Criterion.values()) {
            err.printf(Locale.ROOT, "  %-22s agrees on %d (kappa %s)%n", criterion.id(),
                    agreeing(pairs, p -> p.inspection().criteria().contains(criterion), p -> p.offline().criteria().contains(criterion)),
                    kappa(pairs, p -> p.inspection().criteria().contains(criterion), p -> p.offline().criteria().contains(criterion)));
        }
    }

    private static int agreeing(List<Pair> pairs, Function<Pair, Boolean> a, Function<Pair, Boolean> b) {
        return (int) pairs.stream().filter(p -> a.apply(p).equals(b.apply(p))).count();
    }

    /** Agreement beyond chance: 1 perfect, 0 no better than chance; n/a when both always say the same one thing. */
    static String kappa(List<Pair> pairs, Function<Pair, Boolean> a, Function<Pair, Boolean> b) {
        double n = pairs.size();
        double observed = agreeing(pairs, a, b) / n;
        double pa = pairs.stream().filter(a::apply).count() / n;
        double pb = pairs.stream().filter(b::apply).count() / n;
        double chance = pa * pb + (1 - pa) * (1 - pb);
        return chance >= 1 ? "n/a" : String.format(Locale.ROOT, "%.2f", (observed - chance) / (1 - chance));
    }
}
