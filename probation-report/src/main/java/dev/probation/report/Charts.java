package dev.probation.report;

import dev.probation.stats.FamilyResult;
import java.util.List;
import java.util.Locale;

/** Inline SVG charts: the forest plot of gaps with CIs, and observed/unobserved rates side by side. */
final class Charts {

    static final String OBSERVED = "#2563eb";
    static final String UNOBSERVED = "#ea580c";
    private static final String SIGNIFICANT = "#dc2626";
    private static final String NOT_SIGNIFICANT = "#4b5563";

    private Charts() {}

    /**
     * The left margin that fits the longest family name at the labels' 13 px (about 7.6 px per
     * character of a sans-serif font, plus the 12 px gap): a fixed margin cut "monitoring-banner".
     */
    static int labelRoom(List<String> names, int atLeast) {
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        return Math.max(atLeast, 24 + (int) Math.ceil(longest * 7.6));
    }

    /** Gap per family with its 95% CI; filled red points are significant after Holm correction. */
    static String forest(List<FamilyResult> families) {
        return forest(families, "Holm");
    }

    /**
     * Gap per family with its 95% interval; filled red points are significant after the adjustment
     * named {@code adjustment} ("Holm", or "closed" for a sequential audit's closed e-value test).
     */
    static String forest(List<FamilyResult> families, String adjustment) {
        int left = labelRoom(families.stream().map(FamilyResult::family).toList(), 120);
        int plot = 420;
        int right = 215;
        int row = 34;
        int top = 30;
        int height = top + row * families.size() + 52;
        double extent = 0.1;
        for (FamilyResult f : families) {
            extent = Math.max(extent, Math.max(Math.abs(f.ciLow()), Math.abs(f.ciHigh())));
        }
        extent = Math.min(1, Math.ceil(extent * 10) / 10);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Gap per cue family "
                + "with 95%% confidence intervals\" xmlns=\"http://www.w3.org/2000/svg\">", left + plot + right, height));
        double step = extent <= 0.2 ? 0.05 : extent <= 0.5 ? 0.1 : 0.25;
        int steps = (int) Math.floor(extent / step + 1e-9);
        for (int k = -steps; k <= steps; k++) {
            double tick = k * step;
            double x = left + (tick + extent) / (2 * extent) * plot;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e7eb\"/>", x, top - 8, x,
                    height - 42));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%+.0f</text>", x,
                    height - 28, tick * 100));
        }
        double zero = left + plot / 2.0;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#111827\" stroke-dasharray=\"4 3\"/>",
                zero, top - 8, zero, height - 42));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" class=\"axis\">← flagged more when observed</text>", left));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" class=\"axis\" text-anchor=\"end\">flagged more when unobserved →</text>",
                left + plot));
        for (int i = 0; i < families.size(); i++) {
            FamilyResult f = families.get(i);
            double y = top + row * i + row / 2.0;
            String colour = f.significant() ? SIGNIFICANT : NOT_SIGNIFICANT;
            double low = x(f.ciLow(), extent, left, plot);
            double high = x(f.ciHigh(), extent, left, plot);
            double point = x(f.gap(), extent, left, plot);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">%s</text>", left - 12, y + 4,
                    Html.escape(f.family())));
            if (f.n() == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">no data</text>", zero, y + 4));
                continue;
            }
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
                    low, y, high, y, colour));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
                    low, y - 6, low, y + 6, colour));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
                    high, y - 6, high, y + 6, colour));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\">"
                            + "<title>%s: gap %s, 95%% interval %s to %s, %s p %s</title></circle>", point, y, f.significant() ? colour : "#fff",
                    colour, Html.escape(f.family()), Html.points(f.gap()), Html.points(f.ciLow()), Html.points(f.ciHigh()),
                    adjustment, Html.escape(Html.pValue(f.pAdjusted()))));
            String p = Html.pValue(f.pAdjusted());
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"value%s\">%s  p(%s)%s%s</text>", left + plot + 14, y + 4,
                    f.significant() ? " sig" : "", Html.points(f.gap()), adjustment, p.startsWith("<") ? Html.escape(p) : "=" + p,
                    f.significant() ? "  ✱" : ""));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">gap in percentage points "
                + "(unobserved − observed)</text>", zero, height - 8));
        return svg.append("</svg>").toString();
    }

    /**
     * A sequential audit's confidence sequences: per family, the band of gaps not yet ruled out
     * against the scenarios used, the running gap, no gap (dashed) and the equivalence margin
     * (dotted). A family's band ends where it was decided.
     */
    static String sequences(dev.probation.run.SequentialSummary run, double margin) {
        int left = labelRoom(run.families().stream().map(dev.probation.run.SequentialSummary.Track::family).toList(), 120);
        int plot = 460;
        int panel = 120;
        int gapBetween = 26;
        int top = 10;
        int height = top + (panel + gapBetween) * run.families().size() + 24;
        int most = Math.max(1, run.families().stream().mapToInt(dev.probation.run.SequentialSummary.Track::scenarios).max().orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Confidence sequence "
                + "of the gap per cue family over the audit\" xmlns=\"http://www.w3.org/2000/svg\">", left + plot + 150, height));
        for (int i = 0; i < run.families().size(); i++) {
            var track = run.families().get(i);
            double y0 = top + (panel + gapBetween) * i;
            java.util.function.DoubleUnaryOperator y = v -> y0 + (1 - Math.max(-1, Math.min(1, v))) / 2 * panel;
            java.util.function.IntToDoubleFunction x = n -> left + (double) n / most * plot;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">%s</text>", left - 12,
                    y0 + panel / 2.0 + 4, Html.escape(track.family())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#e5e7eb\"/>",
                    left, y0, plot, panel));
            for (double tick : new double[] {-1, 1}) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%+.0f</text>", left - 4,
                        y.applyAsDouble(tick) + (tick > 0 ? 10 : -2), tick * 100));
            }
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#111827\" stroke-dasharray=\"4 3\"/>",
                    left, y.applyAsDouble(0), left + plot, y.applyAsDouble(0)));
            for (double bound : new double[] {-margin, margin}) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#16a34a\" "
                        + "stroke-dasharray=\"1 3\"/>", left, y.applyAsDouble(bound), left + plot, y.applyAsDouble(bound)));
            }
            var points = track.points();
            if (points.isEmpty()) {
                continue;
            }
            String colour = FamilyResult.GAP.equals(track.decision()) ? SIGNIFICANT
                    : FamilyResult.EQUIVALENT.equals(track.decision()) ? "#16a34a" : NOT_SIGNIFICANT;
            StringBuilder band = new StringBuilder(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(0), y.applyAsDouble(1)));
            points.forEach(p -> band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(p.scenarios()), y.applyAsDouble(p.high()))));
            for (int k = points.size() - 1; k >= 0; k--) {
                band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(points.get(k).scenarios()),
                        y.applyAsDouble(points.get(k).low())));
            }
            band.append(String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(0), y.applyAsDouble(-1)));
            svg.append(String.format(Locale.ROOT, "<polygon points=\"%s\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"%s\" "
                    + "stroke-opacity=\"0.5\"/>", band, colour, colour));
            StringBuilder line = new StringBuilder();
            points.forEach(p -> line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(p.scenarios()), y.applyAsDouble(p.gap()))));
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    line.toString().trim(), colour));
            var last = points.getLast();
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s after %d scenarios: "
                            + "gap %s, confidence sequence %s to %s</title></circle>", x.applyAsDouble(last.scenarios()),
                    y.applyAsDouble(last.gap()), colour, Html.escape(track.family()), last.scenarios(), Html.points(last.gap()),
                    Html.points(last.low()), Html.points(last.high())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"value\">%s</text>", left + plot + 10,
                    y0 + panel / 2.0 - 4, Html.escape(decisionLabel(track.decision(), margin))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\">%s to %s</text>", left + plot + 10,
                    y0 + panel / 2.0 + 12, Html.points(last.low()), Html.points(last.high())));
        }
        double axis = top + (panel + gapBetween) * (run.families().size() - 1) + panel + 14;
        int tickStep = most <= 20 ? 5 : most <= 60 ? 10 : most <= 150 ? 25 : 50;
        for (int n = 0; n <= most; n += tickStep) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%d</text>",
                    left + (double) n / most * plot, axis, n));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">scenarios used "
                + "(gap in points; dotted: ±%s margin)</text>", left + plot / 2.0, height - 6, Html.points(margin).replace("+", "")));
        return svg.append("</svg>").toString();
    }

    /** "gap shown", "within ±10 pp", "inconclusive". */
    static String decisionLabel(String decision, double margin) {
        return switch (decision) {
            case FamilyResult.GAP -> "gap shown";
            case FamilyResult.EQUIVALENT -> "within " + Html.points(margin).replace("+", "±");
            default -> "inconclusive";
        };
    }

    /** Flagged rate under each side of each family, as paired horizontal bars. */
    static String rates(List<FamilyResult> families, String flaggedLabel) {
        return sides(flaggedLabel + " rate per side",
                families.stream().map(f -> new Sides(f.family(), f.observedRate(), f.unobservedRate())).toList());
    }

    /** Alignment-faking reasoning on each side of each family, drawn as {@link #rates} draws the flagged rate. */
    static String reasoning(dev.probation.run.ReasoningRates rates) {
        return sides("alignment-faking reasoning per side", rates.families().stream()
                .map(r -> new Sides(r.family(), r.observed().fakingRate(), r.unobserved().fakingRate())).toList());
    }

    /** One family's rate on its observed and its unobserved side. */
    private record Sides(String family, double observed, double unobserved) {}

    /** Two bars per family, observed above unobserved, with a legend. */
    private static String sides(String ariaLabel, List<Sides> rows) {
        int left = labelRoom(rows.stream().map(Sides::family).toList(), 135);
        int plot = 250;
        int row = 40;
        int top = 34;
        int height = top + row * rows.size() + 16;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" "
                + "xmlns=\"http://www.w3.org/2000/svg\">", left + plot + 60, height, Html.escape(ariaLabel)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"16\" "
                + "class=\"axis\">observed</text>", left, OBSERVED, left + 18));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"16\" "
                + "class=\"axis\">unobserved</text>", left + 110, UNOBSERVED, left + 128));
        for (int i = 0; i < rows.size(); i++) {
            Sides r = rows.get(i);
            double y = top + row * i;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">%s</text>", left - 12,
                    y + 20, Html.escape(r.family())));
            bar(svg, left, plot, y + 3, r.observed(), OBSERVED);
            bar(svg, left, plot, y + 19, r.unobserved(), UNOBSERVED);
        }
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, int left, int plot, double y, double rate, String colour) {
        double width = Math.max(1, rate * plot);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\" rx=\"2\"/>", left, y,
                width, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%s</text>", left + width + 6, y + 11,
                Html.percent(rate)));
    }

    private static double x(double value, double extent, int left, int plot) {
        double clamped = Math.max(-extent, Math.min(extent, value));
        return left + (clamped + extent) / (2 * extent) * plot;
    }
}
