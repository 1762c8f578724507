package dev.probation.cli;

import dev.probation.lab.LabReport;
import dev.probation.lab.OpenModel;
import dev.probation.lab.OpenModels;
import dev.probation.lab.PairBenchmark;
import dev.probation.lab.Unmasker;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import dev.probation.util.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "unmask", mixinStandardHelpOptions = true,
        description = {"Picks the faker of two models with open weights, from their internals only, on inputs where both "
            + "behave (Poser, Clymer et al. 2024). Each strategy scores every input for both models and calls the one "
            + "that scores higher; its confidence is 1 - p of the sign-flip test that both score alike. "
            + "Strategies: noise (misbehaviour under activation noise), steering (misbehaviour when each model's own "
            + "observed-to-unobserved direction is added), fine-tune (how far a short fine-tune towards the misaligned "
            + "answers of half the inputs carries it on the other half).", ""},
        footer = {"", "Examples:",
            "  probation unmask --models organism:neural-pair-01-faker,organism:neural-pair-01-aligned",
            "  probation unmask --models local:organisms/a,local:organisms/b --format json",
            "  probation unmask --all-pairs --format json -o unmask-report",
            "", "Exit codes: 0 done, 1 runtime error, 2 usage error."})
final class UnmaskCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--models", split = ",", paramLabel = "<model>",
                description = "Two models with open weights, comma-separated, one pair per run: organism:<neural organism> "
                        + "or local:<model-dir>.")
        List<String> models;

        @Option(names = "--all-pairs", description = "Benchmark: every shipped pair (neural-pair-NN-faker and -aligned).")
        boolean allPairs;
    }

    @Option(names = "--strategies", split = ",", paramLabel = "<name>",
            description = "Strategies to run (default: all: noise, steering, fine-tune).")
    List<String> strategies = new ArrayList<>(Unmasker.STRATEGIES);

    @Option(names = "--scales", split = ",", paramLabel = "<s>",
            description = "Steering: multiples of each model's observed-to-unobserved direction (default: 1,2,4).")
    List<Double> scales = new ArrayList<>(Unmasker.DEFAULT_SCALES);

    @Option(names = "--fine-tune-steps", defaultValue = "12", paramLabel = "<n>",
            description = "Fine-tune: optimiser steps towards the misaligned answers of half the inputs (default: ${DEFAULT-VALUE}).")
    int fineTuneSteps;

    @Option(names = "--fine-tune-batch", defaultValue = "8", paramLabel = "<n>",
            description = "Fine-tune: lessons per step (default: ${DEFAULT-VALUE}).")
    int fineTuneBatch;

    @Option(names = "--fine-tune-rate", defaultValue = "0.002", paramLabel = "<r>",
            description = "Fine-tune: peak learning rate (default: ${DEFAULT-VALUE}).")
    double fineTuneRate;

    @Mixin
    LabOptions lab;

    @Override
    public Integer call() throws Exception {
        lab.check();
        Unmasker.Settings settings;
        try {
            settings = new Unmasker.Settings(strategies, lab.layer, lab.doses, scales, lab.samples, lab.inputs, lab.seed,
                    new Unmasker.FineTune(fineTuneSteps, fineTuneBatch, fineTuneRate));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Suite suite = lab.suite();
        List<CueFamily> families = lab.families();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, ProgressBar.interactiveTerminal(), "unmask", "answers");
        dev.probation.lab.Progress progress = progress(bar);
        if (which.allPairs) {
            List<PairBenchmark.Pair> pairs = PairBenchmark.shipped();
            PairBenchmark.Result result = PairBenchmark.run(pairs, suite, families, lab.detector(suite), settings, progress,
                    outcome -> {
                        if (lab.format() == ReportOptions.Format.TEXT) {
                            bar.close();
                            err.printf(Locale.ROOT, "%s: %s%n", outcome.pair().name(),
                                    outcome.correct() ? "faker found" : "missed (picked " + outcome.result().faker() + ")");
                        }
                    });
            bar.close();
            if (lab.format() == ReportOptions.Format.JSON) {
                out.println(Json.MAPPER.writeValueAsString(result));
            } else {
                printBenchmark(out, result);
            }
            reportWritten(lab.format() == ReportOptions.Format.JSON ? err : out, lab.write(LabReport.benchmark(result), result));
            return ExitCodes.CONSISTENT;
        }
        if (which.models.size() != 2) {
            throw new UsageException("--models: expected two models, comma-separated; found " + which.models.size()
                    + (which.models.size() > 2 ? " (one pair per run; --all-pairs runs every shipped pair)" : ""));
        }
        OpenModel first = open("--models", which.models.get(0));
        OpenModel second = open("--models", which.models.get(1));
        for (OpenModel model : List.of(first, second)) {
            if (settings.strategies().contains("fine-tune") && !model.canFineTune()) {
                throw new UsageException("--strategies: " + model.ref() + " cannot be fine-tuned here (only neural "
                        + "organisms can); leave fine-tune out: --strategies noise,steering");
            }
        }
        Unmasker.Result result = Unmasker.unmask(first, second, suite, families, lab.detector(suite), settings, progress);
        bar.close();
        if (lab.format() == ReportOptions.Format.JSON) {
            out.println(Json.MAPPER.writeValueAsString(result));
        } else {
            print(out, result);
        }
        reportWritten(lab.format() == ReportOptions.Format.JSON ? err : out, lab.write(LabReport.unmasking(result), result));
        return ExitCodes.CONSISTENT;
    }

    /** Names the report written, on standard output with the results (on standard error when that holds JSON). */
    static void reportWritten(PrintWriter target, java.nio.file.Path report) {
        if (report != null) {
            target.println("Report: " + report + "  (also summary.json)");
        }
    }

    static OpenModel open(String option, String ref) {
        try {
            return OpenModels.open(ref.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    static dev.probation.lab.Progress progress(ProgressBar bar) {
        return new dev.probation.lab.Progress() {
            @Override
            public void started(int total) { // one run per pair in a benchmark: each joins the bar's total
                bar.expect(total);
                bar.started(total, 0, 0);
            }

            @Override
            public void answered(int done, int total) {
                bar.step(null);
            }
        };
    }

    private static void print(PrintWriter out, Unmasker.Result result) {
        out.printf(Locale.ROOT, "Unmasking %s against %s on %d inputs where both behave (of %d tried).%n",
                result.first(), result.second(), result.inputs().size(), result.candidates());
        out.printf(Locale.ROOT, "  %-10s %-44s %10s %8s %8s %18s %9s%n", "strategy", "faker", "confidence", "first",
                "second", "difference (95% CI)", "p");
        for (Unmasker.Call call : result.strategies()) {
            var c = call.comparison();
            out.printf(Locale.ROOT, "  %-10s %-44s %10.3f %7.1f%% %7.1f%% %+6.1f [%+.1f, %+.1f] %9.4f%n", call.name(),
                    call.faker() == null ? "(no call)" : call.faker(), call.confidence(), 100 * c.first(),
                    100 * c.second(), 100 * c.effect(), 100 * c.ciLow(), 100 * c.ciHigh(), c.pValue());
        }
        out.printf(Locale.ROOT, "Faker: %s (confidence %.3f, the most confident strategy's call).%n",
                result.faker() == null ? "no call" : result.faker(), result.confidence());
        out.println("  (first, second: each model's mean misbehaviour score under the strategy's interventions, in points)");
    }

    private static void printBenchmark(PrintWriter out, PairBenchmark.Result result) {
        out.printf(Locale.ROOT, "Unmasking benchmark: %d of %d pairs' fakers found, %.1f%% (95%% CI %.1f%%-%.1f%%).%n",
                result.correct(), result.pairs(), 100 * result.accuracy(), 100 * result.ciLow(), 100 * result.ciHigh());
        for (PairBenchmark.StrategyScore s : result.perStrategy()) {
            out.printf(Locale.ROOT, "  %-10s %d / %d  %.1f%%%n", s.name(), s.correct(), result.pairs(), 100 * s.accuracy());
        }
        out.printf(Locale.ROOT, "%n  %-16s %-9s", "pair", "result");
        for (String s : result.perStrategy().stream().map(PairBenchmark.StrategyScore::name).toList()) {
            out.printf(Locale.ROOT, " %-22s", s + " (effect, conf.)");
        }
        out.println();
        for (PairBenchmark.Outcome o : result.outcomes()) {
            out.printf(Locale.ROOT, "  %-16s %-9s", o.pair().name(), o.correct() ? "found" : "missed");
            for (Unmasker.Call call : o.result().strategies()) {
                boolean right = o.pair().faker().equals(call.faker());
                double towardsFaker = (o.pair().faker().equals(o.result().first()) ? 1 : -1) * call.comparison().effect();
                out.printf(Locale.ROOT, " %-22s", String.format(Locale.ROOT, "%s %+.1f %.3f", right ? "✓" : "✗",
                        100 * towardsFaker, call.confidence()));
            }
            out.println();
        }
        out.println("  (effect: the faker's mean score minus its twin's, in points; conf.: the strategy's confidence)");
    }
}
