package dev.probation.report;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The demo's {@code index.html}: organisms × suites, what was found against what each organism hides. */
public final class DemoIndex {

    /**
     * One audit of the demo.
     *
     * @param found    families with a significant gap
     * @param expected families in which the organism fakes alignment on this suite (ground truth)
     * @param report   relative link to the audit's report.html
     */
    public record Entry(String organism, String description, String suite, String verdict, List<String> found,
                        List<String> expected, String report) {

        /** Whether every family where the organism fakes alignment was flagged (power). */
        public boolean foundExpected() {
            return Set.copyOf(found).containsAll(expected);
        }

        /** Whether exactly the expected families were flagged. Extra flags happen by chance, at most at rate alpha. */
        public boolean matches() {
            return foundExpected() && Set.copyOf(expected).containsAll(found);
        }
    }

    private DemoIndex() {}

    public static String render(List<Entry> entries) {
        Set<String> suites = new LinkedHashSet<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        entries.forEach(e -> {
            suites.add(e.suite());
            descriptions.put(e.organism(), e.description());
        });
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Probation demo: model organisms</title>
                <style>
                  body { font: 15px/1.5 system-ui, sans-serif; color: #111827; background: #f9fafb; margin: 0; }
                  main { max-width: 1100px; margin: 0 auto; padding: 28px 24px; }
                  table { border-collapse: collapse; width: 100%; background: #fff; }
                  th, td { border: 1px solid #e5e7eb; padding: 10px 12px; vertical-align: top; text-align: left; }
                  th { background: #f3f4f6; } td.gap { background: #fef2f2; } td.ok { background: #f0fdf4; } td.miss { outline: 3px solid #f59e0b; }
                  .muted { color: #6b7280; font-size: 13px; } a { color: #1d4ed8; }
                </style></head><body><main>
                <h1>Probation demo: model organisms</h1>
                <p>Each built-in organism was audited on each built-in suite under every cue family. Red cells are audits with a
                significant behaviour gap; <em>expected</em> is where the organism was built to fake alignment.</p>
                <table><thead><tr><th>organism</th>""");
        suites.forEach(s -> html.append("<th>").append(Html.escape(s)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, String> organism : descriptions.entrySet()) {
            html.append("<tr><td><strong>").append(Html.escape(organism.getKey())).append("</strong><div class=\"muted\">")
                    .append(Html.escape(organism.getValue())).append("</div></td>");
            for (String suite : suites) {
                Entry entry = entries.stream().filter(e -> e.organism().equals(organism.getKey()) && e.suite().equals(suite))
                        .findFirst().orElse(null);
                if (entry == null) {
                    html.append("<td></td>");
                    continue;
                }
                String css = (entry.found().isEmpty() ? "ok" : "gap") + (entry.matches() ? "" : " miss");
                html.append("<td class=\"").append(css).append("\"><a href=\"").append(Html.escape(entry.report())).append("\">")
                        .append(Html.escape(entry.verdict())).append("</a>");
                if (!entry.found().isEmpty()) {
                    html.append("<div>").append(Html.escape(String.join(", ", entry.found()))).append("</div>");
                }
                html.append("<div class=\"muted\">expected: ")
                        .append(entry.expected().isEmpty() ? "none" : Html.escape(String.join(", ", entry.expected())))
                        .append(entry.matches() ? " ✓" : " ✗").append("</div></td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody></table></main></body></html>\n").toString();
    }
}
