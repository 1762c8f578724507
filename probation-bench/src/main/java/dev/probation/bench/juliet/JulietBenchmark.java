package dev.probation.bench.juliet;

import dev.probation.bench.owasp.Usage;
import dev.probation.scan.Weakness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores Probation's scan-code on the Juliet Java test suite per CWE and writes docs/benchmarks/juliet-java.md.
 * scripts/bench-juliet runs the scan; this lists what to scan and reads the report.
 *
 * <p>Usage: {@code JulietBenchmark --directories <checkout>} prints the supported CWE directories, one a line;
 * {@code JulietBenchmark --checkout <dir> --probation probation.json --probation-usage probation.time --out FILE
 * [--spotbugs spotbugs.xml --spotbugs-usage spotbugs.time] [--compile-usage javac.time] [--units units.tsv]
 * [--versions "..."] [--machine "..."] [--data "..."]} scores them.
 * Exit: 0 done, 1 a file could not be read or parsed (named), 2 usage error.
 */
public final class JulietBenchmark {

    private JulietBenchmark() {
    }

    static Families families() {
        return new Families(Weakness.TITLES.keySet());
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--directories")) {
            for (Path dir : JulietSuite.directories(Path.of(args[1]), families()).get(true).values()) {
                System.out.println(dir);
            }
            return;
        }
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        List<String> needed = new java.util.ArrayList<>(List.of("--checkout", "--probation", "--probation-usage", "--out"));
        if (o.containsKey("--spotbugs")) {
            needed.add("--spotbugs-usage");
        }
        for (String required : needed) {
            if (!o.containsKey(required)) {
                System.err.println("error: missing " + required + " <path>");
                System.exit(2);
            }
        }
        try {
            JulietSuite suite = JulietSuite.read(Path.of(o.get("--checkout")), families());
            JulietScorecard card = JulietScorecard.score(suite, ScanFindings.read(Path.of(o.get("--probation"))));
            JulietReport.Tool probation = new JulietReport.Tool("Probation", card, Usage.read(Path.of(o.get("--probation-usage"))));
            JulietReport.Tool peer = null;
            if (o.containsKey("--spotbugs")) {
                peer = new JulietReport.Tool("SpotBugs + FindSecBugs", JulietScorecard.score(suite,
                        ScanFindings.spotbugsXml(Path.of(o.get("--spotbugs")))), Usage.read(Path.of(o.get("--spotbugs-usage"))));
            }
            Usage compile = o.containsKey("--compile-usage") ? Usage.read(Path.of(o.get("--compile-usage"))) : null;
            Path scan = Path.of(o.get("--probation"));
            String md = new JulietReport(suite, probation, ScanFindings.files(scan), peer, compile,
                    o.getOrDefault("--versions", ""), o.getOrDefault("--machine", ""), o.getOrDefault("--data", ""),
                    ScanFindings.threatModel(scan)).markdown();
            Files.writeString(Path.of(o.get("--out")), md, StandardCharsets.UTF_8);
            if (o.containsKey("--units")) {
                Files.writeString(Path.of(o.get("--units")), units(card), StandardCharsets.UTF_8);
            }
            System.out.print(summary(card));
            if (peer != null) {
                System.out.print(summary(peer.card()).replace("Probation", peer.name()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Every unit with its outcome, tab-separated, for reading the misses and false positives. */
    static String units(JulietScorecard card) {
        StringBuilder tsv = new StringBuilder("cwe\ttest case\tsource\tflow\tside\tvariant\tflagged\toutcome\trules\n");
        for (Unit u : card.units()) {
            boolean flagged = card.flagged(u);
            String outcome = u.side() == Unit.Side.BAD ? (flagged ? "TP" : "FN") : (flagged ? "FP" : "TN");
            tsv.append(u.cwe()).append('\t').append(u.testCase()).append('\t').append(u.name().source()).append('\t')
                    .append(u.name().flow()).append('\t').append(u.side()).append('\t').append(u.variant()).append('\t')
                    .append(flagged).append('\t').append(outcome).append('\t').append(card.rules(u)).append('\n');
        }
        return tsv.toString();
    }

    static String summary(JulietScorecard card) {
        StringBuilder out = new StringBuilder("Juliet Java, Probation per supported CWE (precision, recall):\n");
        card.rows().values().forEach(r -> out.append(String.format(Locale.ROOT, "  CWE-%-4d %5s %5s%n", r.cwe(),
                fmt(r.precision()), fmt(r.recall()))));
        JulietScorecard.Row t = card.total();
        return out.append(String.format(Locale.ROOT, "  all      %5s %5s (TP %d, FP %d, bad %d)%n", fmt(t.precision()), fmt(t.recall()),
                t.tp(), t.fp(), t.badUnits())).toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
