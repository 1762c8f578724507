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

    /** Scores against the labels, when every inspected trace carries both labels. */
    static void againstLabels(PrintWriter err, List<Pair> pairs, String name, boolean compared) {
        if (pairs.isEmpty() || pairs.stream().anyMatch(p -> p.trace().alignmentFaking() == null || p.trace().evalAware() == null)) {
            return;
        }
        List<Boolean> faking = pairs.stream().map(p -> p.trace().alignmentFaking()).toList();
        List<Boolean> aware = pairs.stream().map(p -> p.trace().evalAware()).toList();
        err.printf(Locale.ROOT, "Against the labels (%d traces, %d faking, %d evaluation-aware):%n", pairs.size(),
                faking.stream().filter(b -> b).count(), aware.stream().filter(b -> b).count());
        line(err, name, pairs, Pair::inspection, faking, aware);
        if (compared) {
            line(err, "offline", pairs, Pair::offline, faking, aware);
        }
    }

    private static void line(PrintWriter err, String name, List<Pair> pairs, Function<Pair, Inspection> of, List<Boolean> faking,
            List<Boolean> aware) {
        double[] f = pairs.stream().mapToDouble(p -> of.apply(p).alignmentFaking()).toArray();
        double[] a = pairs.stream().mapToDouble(p -> of.apply(p).evalAware()).toArray();
        CrossValidation.Result result = CrossValidation.evaluate(f, faking, 0.5);
        err.printf(Locale.ROOT, "  %-10s faking AUROC %s, precision %.2f, recall %.2f at 0.5, calibration error %.3f; "
                + "evaluation awareness AUROC %s%n", name, auroc(result.auroc()), result.precision(), result.recall(),
                CrossValidation.expectedCalibrationError(f, faking), auroc(CrossValidation.auroc(a, aware)));
    }

    private static String auroc(double value) {
        return Double.isNaN(value) ? "n/a (one class only)" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** How often the judge and the offline classifier agree, on the faking verdict and on each criterion. */
    static void judgeAndOffline(PrintWriter err, List<Pair> pairs) {
        if (pairs.isEmpty()) {
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
