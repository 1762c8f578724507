package dev.probation.bench.juliet;

import dev.probation.bench.owasp.Usage;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** docs/benchmarks/juliet-java.md: precision and recall per supported Juliet CWE, where the misses are, the rules, cost. */
final class JulietReport {

    /** Issue 13's bar: precision and recall of at least this for each supported CWE. */
    static final double BAR = 0.9;

    /** A tool's findings, scored, and what its run cost. */
    record Tool(String name, JulietScorecard card, Usage usage) {
    }

    private final JulietSuite suite;
    private final JulietScorecard card;
    private final Usage usage;
    private final int scanned;
    private final Tool peer;
    private final Usage compile;
    private final String versions;
    private final String machine;
    private final String data;
    /** The threat model Probation's scan ran with: {@code local} is Juliet's own. */
    private final String threatModel;

    /**
     * @param scanned the files Probation read
     * @param peer SpotBugs + FindSecBugs on the same test cases, or null when it was not run
     * @param compile the compilation SpotBugs needs first, or null
     * @param threatModel the {@code scan-code --threat-model} Probation ran with, as its JSON report records it
     */
    JulietReport(JulietSuite suite, Tool probation, int scanned, Tool peer, Usage compile, String versions, String machine,
            String data, String threatModel) {
        this.threatModel = threatModel;
        this.suite = suite;
        this.card = probation.card();
        this.usage = probation.usage();
        this.scanned = scanned;
        this.peer = peer;
        this.compile = compile;
        this.versions = versions;
        this.machine = machine;
        this.data = data;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Juliet Java 1.3: Probation per CWE\n\n");
        JulietScorecard.Row total = card.total();
        long meeting = card.rows().values().stream().filter(JulietReport::meetsBar).count();
        md.append("Measured on ").append(LocalDate.now()).append(" with `scripts/bench-juliet <Juliet checkout>`")
                .append(machine.isBlank() ? "" : " on " + machine).append(". ")
                .append(versions.isBlank() ? "" : "Versions: " + versions + ". ")
                .append(data.isBlank() ? "" : "Data: " + data + ". ")
                .append(String.format(Locale.ROOT, "NIST's Juliet Java test suite 1.3 (public domain): %d test case files in the %d CWE "
                        + "directories whose weakness Probation reports, with %d flawed (bad) and %d fixed (good) functions. "
                        + "**%d of %d supported CWEs meet issue 13's bar** (precision and recall at least %.1f).%s%n%n",
                        total.files(), card.rows().size(), total.badUnits(), total.goodUnits(), meeting, card.rows().size(), BAR,
                        peer == null ? "" : " The last two columns are SpotBugs + FindSecBugs on the same test cases, compiled, in "
                                + "the same run."));
        md.append(threatModel.equals("local")
                ? "Probation ran with `--threat-model local`, Juliet's own threat model: environment variables, system properties, "
                        + "files, properties files and database rows count as untrusted input, as Juliet's bad functions treat them "
                        + "(Probation's default, `remote`, trusts them).\n\n"
                : "Probation ran with `--threat-model " + threatModel + "`, which trusts environment variables, system properties, "
                        + "files, properties files and database rows: Juliet's test cases that read their input from these are "
                        + "missed by design (Juliet's own threat model is `--threat-model local`).\n\n");
        table(md, card, peer == null ? null : peer.card());
        byVariant(md, "input source", u -> u.name().source(),
                "Probation's recall per input source (bad functions missed / bad functions) and false positives per source (FP / good "
                        + "functions). Test cases without a source kind (weak algorithms, hard-coded values) are listed by "
                        + "functional variant.");
        byVariant(md, "flow variant", u -> u.name().flow(),
                "Juliet wraps the same source and sink in flow variants: 01-22 control flow (constant and helper-method "
                        + "conditions, loops, switch), 31-45 data flow within a method or class, 51-75 across methods and files "
                        + "(arguments, return values, fields, containers, serialisation), 81 through an abstract method.");
        if (peer != null) {
            md.append("\n## ").append(peer.name()).append("\n\n");
            table(md, peer.card(), null);
        }
        rules(md);
        unsupported(md);
        md.append("\n## Time and memory\n\n")
                .append("Wall time and peak resident memory from `/usr/bin/time -v`, one run each. Other work on the machine adds noise.\n\n")
                .append("| run | what | wall time | peak memory |\n|---|---|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| Probation `scan-code` | %d files: the supported CWE directories (with their `Main.java` "
                        + "runners) and `src/testcasesupport`, one JVM, including its start-up | %.1f s | %.0f MiB |%n", scanned, usage.seconds(),
                        usage.peakMib()));
        if (peer != null) {
            md.append(String.format(Locale.ROOT, "| %s | the class files of the same test cases and `testcasesupport`, one JVM | %.1f s | %.0f MiB |%n",
                    peer.name(), peer.usage().seconds(), peer.usage().peakMib()));
        }
        if (compile != null) {
            md.append(String.format(Locale.ROOT, "| `javac` of those files | what SpotBugs needs first | %.1f s | %.0f MiB |%n",
                    compile.seconds(), compile.peakMib()));
        }
        return md.toString();
    }

    /** One row per supported CWE and a total; with a peer, its precision and recall in two more columns. */
    private void table(StringBuilder md, JulietScorecard card, JulietScorecard peer) {
        md.append("| Juliet CWE | reported as | files | bad functions | TP | FN | good functions | FP | precision | recall | bar |")
                .append(peer == null ? "\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
                        : " FindSecBugs precision | FindSecBugs recall |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (JulietScorecard.Row r : card.rows().values()) {
            md.append(String.format(Locale.ROOT, "| %s | CWE-%d | %d | %d | %d | %d | %d | %d | %s | %s | %s |",
                    suite.supported().get(r.cwe()).getFileName(), r.family(), r.files(), r.badUnits(), r.tp(), r.fn(), r.goodUnits(),
                    r.fp(), ratio(r.precision()), ratio(r.recall()), meetsBar(r) ? "met" : "not met"));
            md.append(peer == null ? "" : " " + ratio(peer.rows().get(r.cwe()).precision()) + " | "
                    + ratio(peer.rows().get(r.cwe()).recall()) + " |").append('\n');
        }
        JulietScorecard.Row total = card.total();
        md.append(String.format(Locale.ROOT, "| **all supported** | | %d | %d | %d | %d | %d | %d | %s | %s | |", total.files(),
                total.badUnits(), total.tp(), total.fn(), total.goodUnits(), total.fp(), ratio(total.precision()), ratio(total.recall())));
        md.append(peer == null ? "" : " " + ratio(peer.total().precision()) + " | " + ratio(peer.total().recall()) + " |").append('\n');
    }

    static boolean meetsBar(JulietScorecard.Row r) {
        return r.precision() >= BAR && r.recall() >= BAR;
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** One row per value of {@code key}, one column per supported CWE: missed/bad and FP/good in each cell. */
    private void byVariant(StringBuilder md, String what, Function<Unit, String> key, String intro) {
        Map<String, Map<Integer, int[]>> table = new TreeMap<>();
        for (Unit u : card.units()) {
            int[] c = table.computeIfAbsent(key.apply(u), k -> new TreeMap<>()).computeIfAbsent(u.cwe(), k -> new int[4]);
            int base = u.side() == Unit.Side.BAD ? 0 : 2;
            c[base]++;
            boolean flagged = card.flagged(u);
            if (u.side() == Unit.Side.BAD ? !flagged : flagged) {
                c[base + 1]++;
            }
        }
        List<Integer> cwes = List.copyOf(card.rows().keySet());
        md.append("\n## Misses and false positives by ").append(what).append("\n\n").append(intro)
                .append(" Each cell: missed/bad · FP/good; empty when the CWE has no such test case.\n\n| ").append(what).append(" | ")
                .append(cwes.stream().map(c -> "CWE-" + c).collect(Collectors.joining(" | "))).append(" |\n|---|")
                .append("---|".repeat(cwes.size())).append('\n');
        table.forEach((value, byCwe) -> {
            md.append("| ").append(value).append(" | ");
            for (int cwe : cwes) {
                int[] c = byCwe.get(cwe);
                md.append(c == null ? "" : c[0] + c[1] + c[2] + c[3] == 0 ? "" : c[1] + "/" + c[0] + " · " + c[3] + "/" + c[2]).append(" | ");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        });
    }

    private void rules(StringBuilder md) {
        md.append("\n## How findings are counted\n\n")
                .append("- Juliet's unit is the function. Methods named `bad*` (`bad`, `badSink`, `badSource`, `bad_source`) hold the "
                        + "flaw; together, across all files of a test case (`_51a`/`_51b`, `_54a`..`_54e`, `_61`, `_66`, `_7x`...), "
                        + "they are the test case's **bad function**. Methods named `good*` are the fixed versions: each good flow "
                        + "(`goodG2B`, `goodB2G`, `good1`, `goodG2B1`...) with its helpers (`goodG2BSink`, `goodB2G1Sink`, "
                        + "`goodG2B1_source`...) is one **good function**. `good()` itself only calls them, and counts only when it "
                        + "is the sole good method or is flagged itself. In flow variant 81 each side is a class of its own "
                        + "(`_81_bad`, `_81_goodG2B`): its `action` method belongs to that side.\n")
                .append("- Each finding's line is mapped to the innermost `bad*` or `good*` method around it (method ranges parsed with "
                        + "JavaParser). A bad function with a finding of the test case's CWE family is a true positive, a good function "
                        + "with one a false positive. Precision = TP / (TP + FP), recall = TP / bad functions.\n")
                .append("- CWE families, for the test cases' CWEs and the reported ones alike: ")
                .append(new TreeMap<>(Families.VARIANTS).entrySet().stream().map(e -> e.getKey() + " → " + e.getValue())
                        .collect(Collectors.joining(", ")))
                .append(". A finding of another family is not counted (Juliet's test cases carry incidental flaws, such as "
                        + "hard-coded database passwords in `IO`): ")
                .append(String.format(Locale.ROOT, "%d such findings in scored files, and %d findings outside them (`testcasesupport`).%n",
                        card.total().other(), card.outside()))
                .append("- A Juliet CWE is supported when Probation reports its family (`dev.probation.scan.Weakness`); only the "
                        + "supported directories are scanned and scored.\n")
                .append(peer != null ? "- SpotBugs + FindSecBugs: the same test case files and `testcasesupport` compiled with `javac "
                        + "--release 8` against Juliet's `lib/` jars, effort max, every confidence (`-low`), bug category SECURITY; "
                        + "the CWE from each BugInstance's `cweid` (as OWASP's scorecard reads it), the line from its own "
                        + "`SourceLine`, then the same units, families and counting as for Probation.\n"
                        : "- Only Probation is measured here (the script was run without SpotBugs).\n");
    }

    private void unsupported(StringBuilder md) {
        md.append("\n## Juliet CWE directories not supported\n\n")
                .append(String.format(Locale.ROOT, "%d directories, %d files, are not scanned: Probation does not report their CWE "
                        + "(many are code-quality weaknesses: numeric errors, null dereference, resource leaks, locking).%n%n",
                        suite.unsupported().size(), suite.unsupported().values().stream().mapToInt(Integer::intValue).sum()))
                .append(suite.unsupported().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                        .collect(Collectors.joining(", ")))
                .append(".\n");
    }
}
