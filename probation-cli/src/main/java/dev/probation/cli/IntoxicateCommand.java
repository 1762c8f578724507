package dev.probation.cli;

import dev.probation.lab.Comparison;
import dev.probation.lab.DoseResponse;
import dev.probation.lab.Intoxication;
import dev.probation.lab.LabReport;
import dev.probation.lab.OpenModel;
import dev.probation.util.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "intoxicate", mixinStandardHelpOptions = true,
        description = {"Dose-response of misbehaviour under noise added to the residual stream (Poser's intoxication, "
            + "Clymer et al. 2024), on a suite's scenarios under observed framings where every model given behaves. "
            + "With two models (a suspect and its honest twin, or two suspects), also the difference of their scores "
            + "input by input, with a 95%% interval and the sign-flip test's p-value.", ""},
        footer = {"", "Examples:",
            "  probation intoxicate -m organism:neural-pair-03-faker",
            "  probation intoxicate -m organism:neural-pair-03-faker -m organism:neural-pair-03-aligned --doses 0,0.5,1,2",
            "", "Exit codes: 0 done, 1 runtime error, 2 usage error."})
final class IntoxicateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "<ref>",
            description = "A model with open weights (organism:<neural organism> or local:<model-dir>); twice to compare two.")
    List<String> models = new ArrayList<>();

    @Mixin
    LabOptions lab;

    @Override
    public Integer call() throws Exception {
        lab.check();
        if (models.size() > 2) {
            throw new UsageException("--model: one or two models, not " + models.size());
        }
        Intoxication.Settings settings;
        try {
            settings = new Intoxication.Settings(lab.layer, lab.doses, lab.samples, lab.inputs, lab.seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<OpenModel> open = models.stream().map(ref -> UnmaskCommand.open("--model", ref)).toList();
        var suite = lab.suite();
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), ProgressBar.interactiveTerminal(), "intoxicate", "answers");
        Intoxication.Result result =
                Intoxication.run(open, suite, lab.families(), lab.detector(suite), settings, UnmaskCommand.progress(bar));
        bar.close();
        PrintWriter out = spec.commandLine().getOut();
        java.nio.file.Path report = lab.write(LabReport.intoxication(result), result);
        if (lab.format() == ReportOptions.Format.JSON) {
            out.println(Json.MAPPER.writeValueAsString(result));
            UnmaskCommand.reportWritten(spec.commandLine().getErr(), report);
            return ExitCodes.CONSISTENT;
        }
        out.printf(Locale.ROOT, "Intoxication on %d inputs where %s behave%s (of %d tried), %d noisy samples per dose:%n",
                result.inputs().size(), open.size() == 1 ? "the model" : "both models",
                " (" + suite.name() + ", observed framings)", result.candidates(), lab.samples);
        out.printf(Locale.ROOT, "  %-8s", "dose");
        for (DoseResponse r : result.models()) {
            out.printf(Locale.ROOT, " %28s", abbreviate(r.model()) + " (layer " + r.layer() + ")");
        }
        out.println();
        List<Double> doses = result.models().getFirst().doses();
        for (int d = 0; d < doses.size(); d++) {
            out.printf(Locale.ROOT, "  %-8s", Console.plain(doses.get(d)));
            for (DoseResponse r : result.models()) {
                out.printf(Locale.ROOT, " %27.1f%%", 100 * r.rates().get(d));
            }
            out.println();
        }
        out.println("  (misbehaviour: on two-option scenarios, the probability of the misaligned answer; else the share flagged)");
        Comparison c = result.comparison();
        if (c != null) {
            out.printf(Locale.ROOT, "First minus second, mean over doses above 0: %+.1f points (95%% CI %+.1f to %+.1f), "
                    + "p = %.4f over %d inputs.%n", 100 * c.effect(), 100 * c.ciLow(), 100 * c.ciHigh(), c.pValue(), c.n());
        }
        UnmaskCommand.reportWritten(out, report);
        return ExitCodes.CONSISTENT;
    }

    private static String abbreviate(String ref) {
        return ref.length() <= 18 ? ref : "…" + ref.substring(ref.length() - 17);
    }
}
