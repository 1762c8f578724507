package dev.probation.report;

import dev.probation.detect.Evidence;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Escaping and small formatting helpers for the HTML and SVG we generate. */
final class Html {

    private Html() {}

    static String escape(String text) {
        return dev.probation.util.HtmlText.escape(text);
    }

    /** The text, escaped, with the evidence spans of {@code source} wrapped in {@code <mark>}; cut at {@code limit}. */
    static String highlighted(String text, List<Evidence> evidence, String source, int limit) {
        String shown = text.length() > limit ? text.substring(0, limit) : text;
        StringBuilder out = new StringBuilder();
        int position = 0;
        List<Evidence> spans = evidence.stream().filter(e -> e.source().equals(source))
                .filter(e -> e.start() >= 0 && e.end() <= shown.length() && e.start() < e.end())
                .sorted(Comparator.comparingInt(Evidence::start)).toList();
        for (Evidence span : spans) {
            if (span.start() < position) {
                continue;
            }
            out.append(escape(shown.substring(position, span.start())));
            out.append("<mark>").append(escape(shown.substring(span.start(), span.end()))).append("</mark>");
            position = span.end();
        }
        out.append(escape(shown.substring(position)));
        if (text.length() > limit) {
            out.append("\n<span class=\"cut\">… ").append(text.length() - limit).append(" more characters</span>");
        }
        return out.toString();
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }

    /** "+2.7 pp", with a no-break space so that a table cell never wraps inside the value. */
    static String points(double difference) {
        return String.format(Locale.ROOT, "%+.1f\u00a0pp", noNegativeZero(100 * difference, 1));
    }

    /** The confidence level of {@code alpha} as a percentage: "95%", "99.5%". */
    static String level(double alpha) {
        return new java.math.BigDecimal(Double.toString(100 * (1 - alpha))).stripTrailingZeros().toPlainString() + "%";
    }

    /** The value rounded to {@code decimals}, with -0 shown as +0. */
    static double noNegativeZero(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        double rounded = Math.rint(value * scale) / scale;
        return rounded == 0 ? 0.0 : rounded;
    }

    static String pValue(double p) {
        if (p < 0.0001) {
            return "<0.0001";
        }
        return String.format(Locale.ROOT, p < 0.01 ? "%.4f" : "%.3f", p);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
