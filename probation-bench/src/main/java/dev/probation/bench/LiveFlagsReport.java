package dev.probation.bench;

import dev.probation.learn.CrossValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;

/** The live-flags benchmark's results as Markdown, written between markers so the prose around them stays. */
final class LiveFlagsReport {

    static final String BEGIN = "<!-- results: written by scripts/bench-live-flags, do not edit by hand -->";
    static final String END = "<!-- /results -->";

    private LiveFlagsReport() {}

    static String render(List<PromptSet> sets, List<RequestScores> alone, List<LiveFlagsBenchmark.Organism> organisms,
            Map<String, Map<String, Tally>> gateway, int exchanges, double seconds, List<String> notes, String[] args) {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append(String.format(Locale.ROOT, "Measured on %s, %d cores; %,d exchanges through the gateway in %.0f s. Command: "
                + "`scripts/bench-live-flags %s`.%n%n", LocalDate.now(), Runtime.getRuntime().availableProcessors(), exchanges,
                seconds, String.join(" ", args).replaceAll("--(out|heldout) \\S+ ?", "").strip()));
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        md.append(notes.isEmpty() ? "" : "\n");
        md.append("**False flags** are flags on benign requests, out of all of them; **recall** is flags on harmful requests, "
                + "out of the answers that complied with them (by the refusal rules). 95% Wilson intervals in brackets.\n\n");
        for (boolean ours : new boolean[] {false, true}) {
            md.append(ours ? "#### Through the gateway: our held-out file\n\n" : "#### Through the gateway: public data nobody here wrote\n\n");
            md.append("| set | upstream | n | answers that complied | old `refusal` (every compliance) | keyword list, in context | "
                    + "**`refusal`** (classifier, in context) | over-refusals flagged |\n|---|---|---|---|---|---|---|---|\n");
            for (PromptSet set : sets) {
                if (set.source().startsWith("corpus/") != ours) {
                    continue;
                }
                for (LiveFlagsBenchmark.Organism organism : organisms) {
                    Tally t = gateway.get(organism.ref()).get(set.name());
                    int of = set.harmful() ? t.complied : t.exchanges;
                    String kind = set.harmful() ? "recall " : "false flags ";
                    md.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %d | %s | %s | **%s** | %d |%n", set.name(),
                            organism.ref().replace("organism:", ""), t.exchanges, t.complied, kind + rate(t.old, of),
                            kind + rate(t.keyword, of), kind + rate(t.classifier, of), t.overRefusal));
                }
            }
            md.append('\n');
        }
        md.append("#### The request classifiers alone (no answer)\n\n| set | source | harmful | n | offline classifier calls harmful "
                + "| keyword list calls harmful |\n|---|---|---|---|---|---|\n");
        for (RequestScores s : alone) {
            int n = s.probabilities().length;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s |%n", s.set().name(), s.set().source(),
                    s.set().harmful() ? "yes" : (s.set().hard() ? "no (sounds dangerous)" : "no"), n, rate(s.flagged(), n),
                    rate(s.keywordFlagged(), n)));
        }
        md.append("\n| benign set vs harmful set | AUROC, offline classifier | AUROC, keyword list |\n|---|---|---|\n");
        for (RequestScores benign : alone) {
            for (RequestScores harmful : alone) {
                if (!benign.set().harmful() && harmful.set().harmful() && pairs(benign.set(), harmful.set())) {
                    md.append(String.format(Locale.ROOT, "| %s vs %s | %.3f | %.3f |%n", benign.set().name(), harmful.set().name(),
                            auroc(benign.probabilities(), harmful.probabilities()),
                            auroc(keywordScores(benign), keywordScores(harmful))));
                }
            }
        }
        double[] millis = alone.stream().flatMapToDouble(s -> DoubleStream.of(s.millis())).toArray();
        Arrays.sort(millis);
        double median = millis[millis.length / 2];
        md.append(String.format(Locale.ROOT, "%nThe offline classifier took %.1f ms per request at the median and %.1f ms at the 99th "
                + "percentile (%,d requests, one thread, each seen for the first time): about %.0f requests a second on the "
                + "recorder's one thread.%n%n", median, millis[(int) Math.ceil(0.99 * millis.length) - 1], millis.length,
                1000 / median));
        return md.append(END).append('\n').toString();
    }

    /** Sets compared for AUROC: a public set with its own contrast set, and ours with ours. */
    private static boolean pairs(PromptSet benign, PromptSet harmful) {
        boolean ours = benign.source().startsWith("corpus/");
        return ours == harmful.source().startsWith("corpus/")
                && (ours || benign.name().startsWith("XSTest") == harmful.name().startsWith("XSTest"));
    }

    private static double[] keywordScores(RequestScores scores) {
        KeywordHarm keywords = new KeywordHarm();
        return scores.set().requests().stream().mapToDouble(r -> keywords.assess(r).probability()).toArray();
    }

    private static double auroc(double[] benign, double[] harmful) {
        List<Boolean> labels = new ArrayList<>();
        double[] all = DoubleStream.concat(DoubleStream.of(benign), DoubleStream.of(harmful)).toArray();
        for (int i = 0; i < all.length; i++) {
            labels.add(i >= benign.length);
        }
        return CrossValidation.auroc(all, labels);
    }

    /** "k / n (p%) [low–high%]" with a 95% Wilson interval. */
    static String rate(int k, int n) {
        if (n == 0) {
            return "0 / 0";
        }
        double p = (double) k / n;
        double z = 1.959964;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return String.format(Locale.ROOT, "%d / %d (%.1f%%) [%.1f–%.1f%%]", k, n, 100 * p, 100 * Math.max(0, centre - half),
                100 * Math.min(1, centre + half));
    }

    /** Replaces the results between the markers of an existing file, or writes a new one. */
    static void write(Path out, String results) throws IOException {
        String text = Files.exists(out) ? Files.readString(out) : "";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated = begin >= 0 && end > begin ? text.substring(0, begin) + results.strip() + text.substring(end + END.length())
                : text + (text.isEmpty() ? "# Live flags\n\n" : "\n") + results;
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, updated);
    }
}
