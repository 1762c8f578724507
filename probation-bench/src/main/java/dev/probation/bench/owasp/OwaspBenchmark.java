package dev.probation.bench.owasp;

import dev.probation.scan.Weakness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scores Probation's scan-code and SpotBugs + FindSecBugs on OWASP Benchmark Java 1.2 with the Benchmark's own
 * metric and writes docs/benchmarks/owasp-benchmark.md. The tools are run by scripts/bench-owasp; this reads
 * their reports.
 *
 * <p>Usage: {@code OwaspBenchmark --expected expectedresults-1.2.csv --probation probation.json
 * --probation-usage probation.time --spotbugs spotbugs.xml --spotbugs-usage spotbugs.time --out FILE
 * [--compile-usage compile.time] [--versions "SpotBugs 4.9.8, ..."] [--machine "..."] [--data "..."]}
 */
public final class OwaspBenchmark {

    private OwaspBenchmark() {
    }

    /** Benchmark categories whose CWE Probation's analyser reports today. */
    static Set<Category> claimed() {
        Set<Category> claimed = EnumSet.noneOf(Category.class);
        for (Category c : Category.values()) {
            if (Weakness.TITLES.containsKey("CWE-" + c.cwe())) {
                claimed.add(c);
            }
        }
        return claimed;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--expected", "--probation", "--probation-usage", "--spotbugs", "--spotbugs-usage", "--out")) {
            if (!o.containsKey(required)) {
                System.err.println("error: missing " + required + " <file>");
                System.exit(2);
            }
        }
        List<TestCase> cases = ExpectedResults.read(Path.of(o.get("--expected")));
        Tool probation = new Tool("Probation", Findings.probationJson(Path.of(o.get("--probation"))),
                Usage.read(Path.of(o.get("--probation-usage"))), cases);
        Tool findSecBugs = new Tool("SpotBugs + FindSecBugs", Findings.spotbugsXml(Path.of(o.get("--spotbugs"))),
                Usage.read(Path.of(o.get("--spotbugs-usage"))), cases);
        Usage compile = o.containsKey("--compile-usage") ? Usage.read(Path.of(o.get("--compile-usage"))) : null;
        String md = new OwaspReport(cases, probation, findSecBugs, compile, claimed(),
                o.getOrDefault("--versions", ""), o.getOrDefault("--machine", ""), o.getOrDefault("--data", "")).markdown();
        Files.writeString(Path.of(o.get("--out")), md, StandardCharsets.UTF_8);
        System.out.print(summary(probation, findSecBugs));
    }

    static String summary(Tool a, Tool b) {
        Set<Category> all = EnumSet.allOf(Category.class);
        Set<Category> claimed = claimed();
        return String.format(Locale.ROOT, "OWASP Benchmark score (TPR - FPR, mean over categories):%n"
                        + "  %-24s all 11 %+.2f   the %d Probation claims (%s) %+.2f%n"
                        + "  %-24s all 11 %+.2f   the %d Probation claims %+.2f%n",
                a.name(), a.card().average(all), claimed.size(),
                claimed.stream().map(Category::id).collect(Collectors.joining(", ")), a.card().average(claimed),
                b.name(), b.card().average(all), claimed.size(), b.card().average(claimed));
    }

    /** One tool's findings, score and resource use. */
    record Tool(String name, Findings findings, Usage usage, Scorecard card) {
        Tool(String name, Findings findings, Usage usage, List<TestCase> cases) {
            this(name, findings, usage, Scorecard.score(cases, findings));
        }
    }
}
