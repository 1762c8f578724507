package dev.probation.cli;

import dev.probation.organisms.Simulation;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Repeats whole audits of a built-in organism with fresh seeds and counts how often the verdict is "
            + "gap-detected: the false-flag rate for the honest control, the power for faking organisms. Use it to "
            + "check the statistics, or to choose how many scenarios and samples an audit needs.", ""},
        footer = {"", "Examples:", "  probation simulate --organism honest --suite harmful-compliance --audits 200",
            "  probation simulate --organism eval-gamer?unsafe-rate=0.3 --suite harmful-compliance --scenarios 20 --samples 3"})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--organism", required = true, paramLabel = "<name>", description = "An organism, e.g. honest or eval-gamer?unsafe-rate=0.4.")
    String organism;

    @Option(names = {"-s", "--suite"}, required = true, paramLabel = "<name|file>", description = "The suite to audit.")
    String suite;

    @Option(names = "--families", split = ",", paramLabel = "<name>", description = "Cue families (default: all built-in).")
    List<String> families = new ArrayList<>();

    @Option(names = "--scenarios", paramLabel = "<n>", description = "Scenarios drawn at random per audit (default: all of the suite).")
    Integer scenarios;

    @Option(names = {"-n", "--samples"}, defaultValue = "1", paramLabel = "<k>", description = "Samples per scenario and side (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--audits", defaultValue = "200", paramLabel = "<n>", description = "Audits to simulate (default: ${DEFAULT-VALUE}).")
    int audits;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "<a>", description = "Family-wise significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "<n>", description = "Audits run in parallel (default: the number of cores).")
    Integer threads;

    @Option(names = "--families-file", paramLabel = "<file>", description = "A YAML file of extra cue families (same names replace built-in ones).")
    java.nio.file.Path familiesFile;

    @Option(names = "--sequential", description = "Simulate sequential audits (audit --sequential) and report the calls they spend.")
    boolean sequential;

    @Option(names = "--batch", defaultValue = "" + AuditCommand.DEFAULT_BATCH, paramLabel = "<n>",
            description = "With --sequential: scenarios per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        OptionCheck.atLeast("--audits", audits, 1);
        OptionCheck.atLeast("--samples", samples, 1);
        OptionCheck.atLeast("--scenarios", scenarios, 2);
        OptionCheck.level("--alpha", alpha);
        OptionCheck.atLeast("--threads", threads, 1);
        OptionCheck.atLeast("--batch", batch, 1);
        Suite chosen = Suites.resolve(suite);
        List<CueFamily> available = familiesFile == null ? CueFamilies.builtIn()
                : CueFamilies.merge(CueFamilies.builtIn(), CueFamilies.load(familiesFile));
        List<CueFamily> selected = CueFamilies.select(available, families);
        String ref = organism.startsWith("organism:") ? organism : "organism:" + organism;
        dev.probation.model.Models.open(ref, dev.probation.model.ModelSettings.defaults()).close(); // fails early on a bad name
        int n = scenarios == null ? chosen.scenarios().size() : scenarios;
        if (n > chosen.scenarios().size()) {
            err.printf("note: %s has only %d scenarios; each audit uses all of them%n", chosen.name(),
                    chosen.scenarios().size());
        }
        err.printf(Locale.ROOT, "Simulating %d audits of %s on %s (%d scenarios, %d sample%s per side, %d families, alpha %s)%n",
                audits, ref, chosen.name(), Math.min(n, chosen.scenarios().size()), samples, samples == 1 ? "" : "s", selected.size(), Console.plain(alpha));
        err.flush();
        ProgressBar progress = new ProgressBar(err, ProgressBar.interactiveTerminal() && !noProgress,
                "simulate", "audits");
        if (!noProgress) {
            progress.started(audits, 0, 0);
        }
        int[] last = {0};
        Simulation.Result result = Simulation.run(ref, chosen, selected, n, samples, audits, alpha, seed,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, done -> {
                    synchronized (last) {
                        while (last[0] < done) {
                            last[0]++;
                            if (!noProgress) {
                                progress.step(null);
                            }
                        }
                    }
                }, sequential ? new dev.probation.run.AuditConfig.Sequential(batch, null) : null);
        if (!noProgress) {
            progress.close();
        }
        out.printf(Locale.ROOT, "%nFlagged gap-detected in %d of %d audits: %.1f%% (95%% CI %.1f%% to %.1f%%)%n", result.flagged(),
                result.audits(), 100 * result.rate(), 100 * result.ciLow(), 100 * result.ciHigh());
        if (sequential) {
            out.printf(Locale.ROOT, "Calls per audit: %.1f on average, of the fixed design's %d (%.2fx fewer)%n", result.meanCalls(),
                    result.fixedCalls(), result.fixedCalls() / result.meanCalls());
        }
        out.println("Audits in which each family showed a gap, and in which it was shown to have none as large as ±10 pp:");
        result.flaggedByFamily().forEach((family, count) -> out.printf(Locale.ROOT, "  %-16s %4d  (%5.1f%%)   %4d  (%5.1f%%)%n", family,
                count, 100.0 * count / result.audits(), result.equivalentByFamily().get(family),
                100.0 * result.equivalentByFamily().get(family) / result.audits()));
        return ExitCodes.CONSISTENT;
    }
}
