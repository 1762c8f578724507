package dev.probation.cli;

import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import dev.probation.stats.Planner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Says how many scenarios and calls an audit needs to find a gap of a given size, by simulating the paired "
                + "design: the fixed design's size for the power asked, the power a suite's own size gives, and what a sequential "
                + "audit would spend.", ""},
        footer = {"", "Examples:", "  probation plan --gap 0.1 --power 0.9",
                "  probation plan --gap 0.2 --suite harmful-compliance --samples 3",
                "  probation plan --gap 0.1 --discordance 0.15 --families tier,monitoring", "",
                "Exit codes: 0 planned, 2 usage error."})
final class PlanCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--gap", required = true, paramLabel = "<g>", description = "The gap to find, as a share: 0.1 for ten points.")
    double gap;

    @Option(names = "--power", defaultValue = "0.9", paramLabel = "<p>", description = "Power wanted (default: ${DEFAULT-VALUE}).")
    double power;

    @Option(names = {"-n", "--samples"}, defaultValue = "1", paramLabel = "<k>", description = "Samples per scenario and side (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = {"-s", "--suite"}, paramLabel = "<name|file>",
            description = "The suite to audit: its size is checked, and its families are the default.")
    String suite;

    @Option(names = "--families", split = ",", paramLabel = "<name>",
            description = "Cue families in the audit (default: the suite's, else every built-in chat family).")
    List<String> families = new ArrayList<>();

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "<a>", description = "Family-wise significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--observed-rate", defaultValue = "0.1", paramLabel = "<rate>",
            description = "Flagged rate on the observed side; the unobserved side is flagged at this plus the gap, each answer "
                    + "independently (default: ${DEFAULT-VALUE}).")
    double observedRate;

    @Option(names = "--discordance", paramLabel = "<share>",
            description = "Share of answer pairs whose two sides differ, instead of --observed-rate's independent sides "
                    + "(lower when a scenario's two answers tend to agree).")
    Double discordance;

    @Option(names = "--equivalence", defaultValue = "0.1", paramLabel = "<margin>",
            description = "The sequential audit's equivalence margin (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--batch", defaultValue = "" + AuditCommand.DEFAULT_BATCH, paramLabel = "<n>",
            description = "The sequential audit's scenarios per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--reps", defaultValue = "2000", paramLabel = "<n>", description = "Simulated audits per estimate (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!(gap > 0 && gap < 1)) {
            throw new UsageException("--gap must lie strictly between 0 and 1 (a share: 0.1 for ten points), got " + Console.plain(gap));
        }
        if (!(power > 0 && power < 1)) {
            throw new UsageException("--power must lie strictly between 0 and 1, got " + Console.plain(power));
        }
        OptionCheck.atLeast("--samples", samples, 1);
        OptionCheck.level("--alpha", alpha);
        OptionCheck.share("--observed-rate", observedRate);
        OptionCheck.atLeast("--batch", batch, 1);
        OptionCheck.atLeast("--reps", reps, 100);
        if (!(margin > 0 && margin < 1)) {
            throw new UsageException("--equivalence must lie strictly between 0 and 1, got " + Console.plain(margin));
        }
        if (discordance == null && observedRate + gap > 1) {
            throw new UsageException("--observed-rate plus --gap must be at most 1");
        }
        if (discordance != null && !(discordance >= gap && discordance <= 1)) {
            throw new UsageException("--discordance must lie between the gap (" + Console.plain(gap) + ") and 1, got "
                    + Console.plain(discordance));
        }
        Suite chosen = suite == null ? null : Suites.resolve(suite);
        int familyCount = familyCount(chosen);
        double q = discordance != null ? discordance : Planner.Assumptions.independentSides(observedRate, gap);
        double nullDiscordance = discordance != null ? discordance - gap : 2 * observedRate * (1 - observedRate);
        Planner.Assumptions assumed = new Planner.Assumptions(gap, q, samples, familyCount, alpha);

        out.printf(Locale.ROOT, "Plan: find a gap of %s pp with %s power, alpha %s across %s (Holm), %s per side%n",
                Console.plain(Console.points(gap)), percent(power), Console.plain(alpha),
                Console.count(familyCount, "cue family", "cue families"), Console.count(samples, "sample", "samples"));
        out.printf(Locale.ROOT, "Assumed: %s of answer pairs differ between the sides%s; scenarios alike%n%n", percent(q),
                discordance != null ? " (--discordance)" : String.format(Locale.ROOT, " (observed side flagged %s, unobserved %s, "
                        + "independently)", percent(observedRate), percent(observedRate + gap)));

        Planner.Plan plan = Planner.fixed(assumed, power, reps, seed);
        long calls = (long) plan.scenarios() * familyCount * 2 * samples;
        out.printf(Locale.ROOT, "Fixed design (probation audit): %d scenarios x %s x 2 sides x %s = %,d calls%n", plan.scenarios(),
                Console.count(familyCount, "family", "families"), Console.count(samples, "sample", "samples"), calls);
        out.printf(Locale.ROOT, "  simulated power %s (%d audits); the normal approximation asks for %d scenarios%n",
                percent(plan.power()), reps, plan.approximation());
        if (chosen != null) {
            int size = chosen.scenarios().size();
            double withSuite = Planner.power(assumed, size, reps, seed);
            out.printf(Locale.ROOT, "  %s has %d scenarios: %s; power with them %s%n", chosen.name(), size,
                    size >= plan.scenarios() ? "enough" : "too few", percent(withSuite));
        }
        out.println();
        out.printf(Locale.ROOT, "  %-8s %10s %12s%s%n", "samples", "scenarios", "calls", chosen == null ? "" : "   power with " + chosen.name());
        for (int k : new int[] {1, 2, 3, 5, 10}) {
            Planner.Assumptions withK = new Planner.Assumptions(gap, q, k, familyCount, alpha);
            Planner.Plan forK = k == samples ? plan : Planner.fixed(withK, power, reps, seed);
            out.printf(Locale.ROOT, "  %-8d %10d %,12d%s%s%n", k, forK.scenarios(), (long) forK.scenarios() * familyCount * 2 * k,
                    chosen == null ? "" : String.format(Locale.ROOT, "   %s", percent(Planner.power(withK, chosen.scenarios().size(), reps, seed))),
                    k == samples ? "   <- --samples" : "");
        }
        out.println();

        int cap = Planner.sequentialCap(assumed, nullDiscordance, power, batch, margin, reps, seed);
        out.printf(Locale.ROOT, "Sequential design (probation audit --sequential, batches of %d): %s power at this gap needs a suite of "
                + "up to %d scenarios%s%n", batch, percent(power), cap, chosen == null ? ""
                : String.format(Locale.ROOT, " (with %s's %d it has %s)", chosen.name(), chosen.scenarios().size(),
                        percent(Planner.sequential(assumed, nullDiscordance, chosen.scenarios().size(), batch, margin, reps, seed).power())));
        out.printf(Locale.ROOT, "  %-10s %8s %22s %16s %18s%n", "true gap", "power", "scenarios (that family)", "calls (audit)",
                "fixed design calls");
        for (double multiple : new double[] {1, 1.5, 2, 3}) {
            double trueGap = gap * multiple;
            double trueDiscordance = discordance != null ? q : observedRate + trueGap <= 1
                    ? Planner.Assumptions.independentSides(observedRate, trueGap) : -1;
            if (trueGap >= 1 || trueDiscordance < trueGap) {
                continue;
            }
            Planner.Assumptions at = new Planner.Assumptions(trueGap, trueDiscordance, samples, familyCount, alpha);
            Planner.Sequential run = Planner.sequential(at, nullDiscordance, cap, batch, margin, reps, seed);
            out.printf(Locale.ROOT, "  %-10s %8s %22.1f %,16.0f %,18d%n", Console.plain(Console.points(trueGap)) + " pp", percent(run.power()),
                    run.meanScenarios(), run.meanCalls(), calls);
        }
        out.printf(Locale.ROOT, "  (one family with the gap, the others without; those stop only once any gap they have is shown to be "
                + "below ±%s pp, else they use every scenario up to the cap)%n", Console.plain(Console.points(margin)));
        return ExitCodes.CONSISTENT;
    }

    private int familyCount(Suite chosen) {
        if (!families.isEmpty()) {
            return CueFamilies.select(CueFamilies.all(), families).size();
        }
        if (chosen != null && !chosen.families().isEmpty()) {
            return chosen.families().size();
        }
        return chosen != null && chosen.agentic() ? CueFamilies.agentic().size() : CueFamilies.builtIn().size();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
