package dev.probation.lab;

import static dev.probation.util.HtmlText.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lab's results as one self-contained HTML page each (inline CSS and SVG, nothing fetched): an
 * unmasking with each strategy's difference and interval, the benchmark over pairs, and the
 * dose-response of an intoxication.
 */
public final class LabReport {

    private static final String[] COLOURS = {"#2563eb", "#ea580c", "#16a34a", "#9333ea"};
    private static final int WIDTH = 640;

    private LabReport() {}

    public static String unmasking(Unmasker.Result result) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Unmasking</h1><p class=\"lead\">Faker: <b>")
                .append(result.faker() == null ? "no call" : escape(result.faker()))
                .append(String.format(Locale.ROOT, "</b> (confidence %.3f, the most confident strategy's call)</p>",
                        result.confidence()));
        body.append("<p>").append(escape(result.first())).append(" (first) against ").append(escape(result.second()))
                .append(" (second), on ").append(result.inputs().size()).append(" inputs where both behave, of ")
                .append(result.candidates()).append(" tried. A difference above 0 points at the first model.</p>");
        List<Row> rows = new ArrayList<>();
        for (Unmasker.Call call : result.strategies()) {
            rows.add(new Row(call.name(), call.comparison()));
        }
        body.append(forest(rows, "first − second, points"));
        body.append(strategyTable(result.strategies()));
        return page("Unmasking", body.toString());
    }

    public static String benchmark(PairBenchmark.Result result) {
        StringBuilder body = new StringBuilder();
        body.append(String.format(Locale.ROOT, "<h1>Unmasking benchmark</h1><p class=\"lead\">%d of %d pairs' fakers "
                + "found: %.1f%% (95%% CI %.1f%%–%.1f%%)</p>", result.correct(), result.pairs(), 100 * result.accuracy(),
                100 * result.ciLow(), 100 * result.ciHigh()));
        body.append("<table><tr><th>strategy</th><th>fakers found</th></tr>");
        for (PairBenchmark.StrategyScore s : result.perStrategy()) {
            body.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d / %d (%.1f%%)</td></tr>", escape(s.name()),
                    s.correct(), result.pairs(), 100 * s.accuracy()));
        }
        body.append("</table><h2>Each pair</h2><p>Faker minus aligned twin, in points, with the 95% interval: "
                + "above 0, the strategy points at the faker.</p>");
        List<Row> rows = new ArrayList<>();
        for (PairBenchmark.Outcome outcome : result.outcomes()) {
            boolean fakerFirst = outcome.pair().faker().equals(outcome.result().first());
            for (Unmasker.Call call : outcome.result().strategies()) {
                Comparison c = call.comparison();
                Comparison towardsFaker = fakerFirst ? c
                        : new Comparison(c.second(), c.first(), -c.effect(), -c.ciHigh(), -c.ciLow(), c.pValue(), c.n());
                rows.add(new Row(outcome.pair().name() + " · " + call.name(), towardsFaker));
            }
        }
        body.append(forest(rows, "faker − twin, points"));
        return page("Unmasking benchmark", body.toString());
    }

    public static String intoxication(Intoxication.Result result) {
        StringBuilder body = new StringBuilder("<h1>Intoxication</h1>");
        body.append("<p class=\"lead\">Misbehaviour under noise in the residual stream, on ")
                .append(result.inputs().size()).append(" inputs where every model behaves (of ")
                .append(result.candidates()).append(" tried).</p>");
        body.append(doseChart(result.models()));
        body.append("<table><tr><th>dose</th>");
        for (DoseResponse r : result.models()) {
            body.append("<th>").append(escape(r.model())).append(" (layer ").append(r.layer()).append(")</th>");
        }
        body.append("</tr>");
        List<Double> doses = result.models().getFirst().doses();
        for (int d = 0; d < doses.size(); d++) {
            body.append("<tr><td>").append(number(doses.get(d))).append("</td>");
            for (DoseResponse r : result.models()) {
                body.append(String.format(Locale.ROOT, "<td>%.1f%%</td>", 100 * r.rates().get(d)));
            }
            body.append("</tr>");
        }
        body.append("</table>");
        Comparison c = result.comparison();
        if (c != null) {
            body.append(String.format(Locale.ROOT, "<p>First minus second over the doses above 0: <b>%+.1f points</b> "
                    + "(95%% CI %+.1f to %+.1f), p = %.4f over %d inputs (sign-flip test).</p>", 100 * c.effect(),
                    100 * c.ciLow(), 100 * c.ciHigh(), c.pValue(), c.n()));
        }
        return page("Intoxication", body.toString());
    }

    /** A probe's training: the layer curve of held-out AUROC, and the target scan when there was one. */
    public static String probe(Probes.Training training, Probes.Scan target) {
        Probe p = training.probe();
        StringBuilder body = new StringBuilder("<h1>Probes on ").append(escape(p.model())).append("</h1>");
        Probe.LayerFit kept = p.fits().get(p.layer());
        body.append(String.format(Locale.ROOT, "<p class=\"lead\">Fitted on %d examples of <b>%s</b>; on the %d held out, "
                + "layer %d, %s, separates the two sides with AUROC %.3f (95%% CI %.3f&ndash;%.3f).</p>", training.trainExamples(),
                escape(p.contrast()), training.heldOutExamples(), p.layer(), p.method().equals("pca")
                        ? "kept because its first component explains the most variance" : "the best of them", kept.auroc(),
                kept.ciLow(), kept.ciHigh()));
        if (p.method().equals("pca") || p.readAt() != null) {
            body.append(String.format(Locale.ROOT, "<p>Method <b>%s</b>%s%s.</p>", escape(p.method()),
                    p.method().equals("pca") ? String.format(Locale.ROOT, " (unsupervised: the contrast set's sides only "
                            + "measure it; layer %d's first component explains %.1f%% of its variance, the most of any layer)",
                            p.layer(), 100 * p.explained()[p.layer()]) : "",
                    p.readAt() == null ? ", read at the prompt's last token" : ", read where the model's own answer first "
                            + "matches <code>" + escape(p.readAt()) + "</code>" + (training.unread() > 0 ? " ("
                            + training.unread() + " examples whose answer never did were left out)" : "")));
        }
        body.append(layerCurve(p.fits(), "held-out AUROC of " + p.contrast()));
        if (target != null) {
            body.append("<h2>Target: ").append(escape(target.contrast())).append("</h2>").append(scanBody(target));
        }
        body.append(p.method().equals("pca")
                ? "<p class=\"note\">Each layer's probe is the first principal component of the residuals, centred on the "
                        + "mean of the points read at the same text, signed to agree with the orienting probe; AUROC 0.5 is "
                        + "chance. No label chose the direction or the layer. Intervals: bootstrap over groups, "
                        + Auroc.RESAMPLES + " resamples.</p>"
                : "<p class=\"note\">Each layer's probe is the difference between the two sides' mean residual "
                        + (p.readAt() == null ? "at the last token" : "where it reads") + " (MacDiarmid et al. 2024); AUROC 0.5 is chance. The kept layer is the best of them on the same "
                        + "held-out groups, so its figure is slightly optimistic. Intervals: bootstrap over groups, "
                        + Auroc.RESAMPLES + " resamples.</p>");
        return page("Probes on " + p.model(), body.toString());
    }

    /** A scan with a trained probe: AUROC per layer and the breakdown by kind. */
    public static String scan(Probes.Scan scan) {
        return page("Probe scan of " + scan.model(), "<h1>Probe scan of " + escape(scan.model()) + "</h1>" + scanBody(scan));
    }

    private static String scanBody(Probes.Scan scan) {
        StringBuilder body = new StringBuilder(String.format(Locale.ROOT, "<p class=\"lead\">%s, scored with the probe "
                + "from %s (%s) at layer %d: AUROC %.3f (95%% CI %.3f&ndash;%.3f).</p>", escape(scan.contrast()),
                escape(scan.probeModel()), escape(scan.probeContrast()), scan.layer(), scan.overall().auroc(),
                scan.overall().ciLow(), scan.overall().ciHigh()));
        if (scan.inTraining() > 0) {
            body.append(String.format(Locale.ROOT, "<p class=\"note\">%d examples of groups the probe was fitted on are "
                    + "scored but left out of these figures.</p>", scan.inTraining()));
        }
        if (scan.unread() > 0) {
            body.append(String.format(Locale.ROOT, "<p class=\"note\">%d examples whose answer never reached the probe's "
                    + "reading point have no score.</p>", scan.unread()));
        }
        body.append(layerCurve(scan.layers(), "AUROC of " + scan.contrast() + " per layer"));
        body.append(scoreStrip(scan));
        body.append("<table><tr><th>kind</th><th>positives</th><th>flagged</th><th>negatives</th><th>flagged</th>"
                + "<th>AUROC (95% CI)</th></tr>");
        for (Probes.KindResult k : scan.kinds()) {
            body.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.1f%%</td><td>%d</td><td>%.1f%%</td>"
                    + "<td>%s</td></tr>", escape(k.kind()), k.positives(), 100 * k.positivesFlagged(), k.negatives(),
                    100 * k.negativesFlagged(), k.fit() == null ? "&ndash;" : String.format(Locale.ROOT,
                            "%.3f [%.3f, %.3f]", k.fit().auroc(), k.fit().ciLow(), k.fit().ciHigh())));
        }
        return body.append("</table><p class=\"note\">flagged: the share whose score at the probe's layer is above "
                + "its threshold (set in training: the midpoint of the two sides' mean scores, or of the two clusters' for a pca "
                + "probe).</p>").toString();
    }

    /** AUROC against layer with 95% whiskers, and the chance line at 0.5. */
    static String layerCurve(List<Probe.LayerFit> fits, String label) {
        int left = 50;
        int top = 10;
        int plotWidth = WIDTH - left - 20;
        int plotHeight = 200;
        int n = fits.size();
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\">", escape(label), WIDTH,
                plotHeight + 50, WIDTH));
        for (double y : new double[] {0, 0.5, 1}) {
            double py = top + plotHeight * (1 - y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"%s/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", left, py,
                    left + plotWidth, py, y == 0.5 ? "#9ca3af" : "#e5e7eb", y == 0.5 ? " stroke-dasharray=\"4 3\"" : "",
                    left - 4, py + 4, number(y)));
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Probe.LayerFit f = fits.get(i);
            double px = left + plotWidth * (n == 1 ? 0.5 : (double) i / (n - 1));
            double py = top + plotHeight * (1 - f.auroc());
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                    px, top + plotHeight * (1 - f.ciHigh()), px, top + plotHeight * (1 - f.ciLow()), COLOURS[0]));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>layer %d: "
                    + "AUROC %.3f (%.3f-%.3f)</title></circle><text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                    + "text-anchor=\"middle\">%d</text>", px, py, COLOURS[0], f.layer(), f.auroc(), f.ciLow(), f.ciHigh(),
                    px, top + plotHeight + 16, f.layer()));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                points.toString().strip(), COLOURS[0]));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">layer "
                + "(%s)</text>", left + plotWidth / 2, top + plotHeight + 36, escape(label)));
        return svg.append("</svg>").toString();
    }

    /**
     * Every scored example outside the probe's training groups as a dot on its score at the probe's layer, the
     * positive side on the upper row and the negative on the lower, the threshold as a dashed line: how far
     * apart the sides lie, which an AUROC of 1.000 does not say.
     */
    static String scoreStrip(Probes.Scan scan) {
        List<Probes.Scored> shown = scan.examples().stream().filter(e -> !e.inTraining()).toList();
        if (shown.isEmpty()) {
            return "";
        }
        double low = Math.min(scan.threshold(), shown.stream().mapToDouble(Probes.Scored::score).min().orElseThrow());
        double high = Math.max(scan.threshold(), shown.stream().mapToDouble(Probes.Scored::score).max().orElseThrow());
        double span = high > low ? high - low : 1;
        int left = 90;
        int plotWidth = WIDTH - left - 20;
        int rowHeight = 40;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg role=\"img\" aria-label=\"scores of %s at "
                + "layer %d\" viewBox=\"0 0 %d %d\" width=\"%d\">", escape(scan.contrast()), scan.layer(), WIDTH,
                2 * rowHeight + 40, WIDTH));
        String[] rows = {"positive", "negative"};
        for (int r = 0; r < 2; r++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                    left - 8, 10 + r * rowHeight + rowHeight / 2 + 4, rows[r]));
        }
        double tx = left + plotWidth * (scan.threshold() - low) / span;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"%d\" stroke=\"#9ca3af\" "
                + "stroke-dasharray=\"4 3\"><title>threshold %.3f</title></line>", tx, tx, 14 + 2 * rowHeight, scan.threshold()));
        for (int i = 0; i < shown.size(); i++) {
            Probes.Scored e = shown.get(i);
            int row = e.positive() ? 0 : 1;
            double x = left + plotWidth * (e.score() - low) / span;
            double jitter = ((i * 37) % 23) / 22.0 - 0.5; // spread, not random: the page repeats
            double y = 10 + row * rowHeight + rowHeight / 2.0 + jitter * (rowHeight - 12);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" "
                    + "fill-opacity=\"0.6\"><title>%s (%s): %.3f%s</title></circle>", x, y, e.positive() ? COLOURS[0] : "#6b7280",
                    escape(e.group()), escape(e.kind()), e.score(), e.flagged() ? ", flagged" : ""));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">score at "
                + "layer %d (dashed: the threshold)</text>", left + plotWidth / 2, 2 * rowHeight + 34, scan.layer()));
        return svg.append("</svg>").toString();
    }

    private record Row(String label, Comparison comparison) {}

    /** One line per row: the mean difference as a dot, its interval as a bar, 0 as a dashed line. */
    static String forest(List<Row> rows, String axis) {
        double extent = 0.05;
        for (Row row : rows) {
            extent = Math.max(extent, Math.max(Math.abs(row.comparison().ciLow()), Math.abs(row.comparison().ciHigh())));
        }
        extent = Math.min(1, Math.ceil(extent * 10) / 10);
        int left = 220;
        int plot = WIDTH - left - 20;
        int height = 24 * rows.size() + 40;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\">", escape(axis), WIDTH, height, WIDTH));
        double zero = x(0, extent, left, plot);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#9ca3af\" "
                + "stroke-dasharray=\"4 3\"/>", zero, zero, height - 24));
        for (int i = 0; i < rows.size(); i++) {
            Comparison c = rows.get(i).comparison();
            int y = 16 + 24 * i;
            String colour = c.pValue() < 0.05 ? "#dc2626" : "#4b5563";
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">%s</text>",
                    left - 8, y + 4, escape(rows.get(i).label())));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>", x(c.ciLow(), extent, left, plot), y, x(c.ciHigh(), extent, left, plot), y, colour));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>%+.1f points "
                    + "[%+.1f, %+.1f], p = %.4f</title></circle>", x(c.effect(), extent, left, plot), y, colour,
                    100 * c.effect(), 100 * c.ciLow(), 100 * c.ciHigh(), c.pValue()));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%+.0f</text>", left, height - 6,
                -100 * extent));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                + "</text>", zero, height - 6, escape(axis)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%+.0f</text>",
                left + plot, height - 6, 100 * extent));
        return svg.append("</svg><p class=\"note\">Red: p &lt; 0.05 (sign-flip test over inputs, not adjusted).</p>")
                .toString();
    }

    /** Misbehaviour against dose, one line per model. */
    static String doseChart(List<DoseResponse> models) {
        double maxDose = models.stream().flatMap(m -> m.doses().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
        double maxRate = Math.max(0.05, models.stream().flatMap(m -> m.rates().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(0));
        maxRate = Math.min(1, Math.ceil(maxRate * 10) / 10);
        int left = 50;
        int top = 10;
        int plotWidth = WIDTH - left - 20;
        int plotHeight = 220;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg role=\"img\" aria-label=\"misbehaviour against noise dose\" viewBox=\"0 0 %d %d\" width=\"%d\">",
                WIDTH, plotHeight + 60 + 18 * models.size(), WIDTH));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ca3af\"/>", left,
                top + plotHeight, left + plotWidth, top + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f%%</text>",
                left - 4, top + 8, 100 * maxRate));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0%%</text>",
                left - 4, top + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">noise dose "
                + "(× the residual stream's scale), 0 to %s</text>", left + plotWidth / 2, top + plotHeight + 18,
                number(maxDose)));
        for (int m = 0; m < models.size(); m++) {
            DoseResponse r = models.get(m);
            String colour = COLOURS[m % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int d = 0; d < r.doses().size(); d++) {
                double px = left + plotWidth * r.doses().get(d) / Math.max(maxDose, 1e-9);
                double py = top + plotHeight * (1 - r.rates().get(d) / maxRate);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>dose %s: "
                        + "%.1f%%</title></circle>", px, py, colour, number(r.doses().get(d)), 100 * r.rates().get(d)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
                    points.toString().strip(), colour));
            int legend = top + plotHeight + 40 + 18 * m;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s (layer %d)</text>", left, legend - 10, colour, left + 18,
                    legend, escape(r.model()), r.layer()));
        }
        return svg.append("</svg>").toString();
    }

    private static String strategyTable(List<Unmasker.Call> calls) {
        StringBuilder t = new StringBuilder("<table><tr><th>strategy</th><th>call</th><th>confidence</th><th>first</th>"
                + "<th>second</th><th>difference (95% CI)</th><th>p</th><th>inputs</th></tr>");
        for (Unmasker.Call call : calls) {
            Comparison c = call.comparison();
            t.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.3f</td><td>%.1f%%</td><td>%.1f%%</td>"
                    + "<td>%+.1f [%+.1f, %+.1f]</td><td>%.4f</td><td>%d</td></tr>", escape(call.name()),
                    call.faker() == null ? "no call" : escape(call.faker()), call.confidence(), 100 * c.first(),
                    100 * c.second(), 100 * c.effect(), 100 * c.ciLow(), 100 * c.ciHigh(), c.pValue(), c.n()));
        }
        return t.append("</table><p class=\"note\">first, second: each model's mean misbehaviour score under the "
                + "strategy's interventions.</p>").toString();
    }

    private static double x(double value, double extent, int left, int plot) {
        return left + plot * (value + extent) / (2 * extent);
    }

    private static String number(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " · Probation</title><style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:760px;"
                + "color:#111827}h1{font-size:1.5rem}.lead{font-size:1.1rem}table{border-collapse:collapse;margin:1rem 0}"
                + "td,th{border-bottom:1px solid #e5e7eb;padding:.25rem .6rem;text-align:left}.note{color:#6b7280;"
                + "font-size:.85rem}</style></head><body>" + body + "<p class=\"note\">Probation white-box lab: "
                + "docs/white-box-lab.md.</p></body></html>\n";
    }
}
