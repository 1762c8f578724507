package dev.probation.cli;

import dev.probation.liedetector.LieDetector;
import dev.probation.liedetector.LieDetectorEvaluation;
import dev.probation.liedetector.LieDetectorTraining;
import dev.probation.liedetector.Progress;
import dev.probation.liedetector.Suspect;
import dev.probation.liedetector.TrainingReport;
import dev.probation.lies.KnownQuestion;
import dev.probation.lies.QuestionBank;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelException;
import dev.probation.model.Models;
import dev.probation.util.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lie-detector", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Black-box lie detection after Pacchiardi et al. 2023 (\"How to catch an AI liar\"): after an answer, "
            + "a fixed set of yes/no follow-up questions is asked, each in its own fresh continuation of the conversation, and "
            + "a logistic regression on the replies says whether the answer was a lie.", ""},
        subcommands = {LieDetectorCommand.Train.class, LieDetectorCommand.Evaluate.class, LieDetectorCommand.Check.class},
        footer = {"", "Examples:", "  probation lie-detector train --model organism:sandbagger -o liar.json",
            "  probation lie-detector evaluate --detector liar.json --model organism:eval-gamer",
            "  probation lie-detector check --detector liar.json answers.jsonl"})
final class LieDetectorCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The questions to ask: the built-in bank, a file, and at most --questions of them. */
    static final class Questions {
        @Option(names = "--questions", paramLabel = "<n>",
                description = "Ask only the first n questions (default: all; for evaluate, the detector's held-out questions).")
        Integer limit;

        @Option(names = "--questions-file", paramLabel = "<file>",
                description = "Questions with known answers, JSON Lines with id, question, answer, aliases, wrong (default: the built-in 320).")
        Path file;

        List<KnownQuestion> load() {
            return load(file == null ? QuestionBank.questions() : QuestionBank.readQuestions(file));
        }

        /** The first --questions of {@code all}. */
        List<KnownQuestion> load(List<KnownQuestion> all) {
            if (limit != null && limit < 1) {
                throw new UsageException("--questions must be at least 1");
            }
            return limit == null || limit >= all.size() ? all : all.subList(0, limit);
        }

        boolean chosen() {
            return file != null;
        }
    }

    /** A progress bar on standard error, or none; closing it ends its line. */
    static final class Bar implements Progress, AutoCloseable {
        private final ProgressBar bar;

        Bar(PrintWriter err, boolean show, String label) {
            this.bar = show ? new ProgressBar(err, ProgressBar.interactiveTerminal(), label, "answers") : null;
        }

        @Override
        public void started(int steps) {
            if (bar != null) {
                bar.started(steps, 0, 0);
            }
        }

        @Override
        public void step(String error) {
            if (bar != null) {
                bar.step(error);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.completed();
                bar.close();
            }
        }
    }

    @Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Trains a lie detector for one model: asks each question once under an instruction to answer "
                + "truthfully and once under an instruction to lie, keeps the answers that did as told, interrogates each with "
                + "the follow-up questions, and fits a logistic regression, cross-validated with folds grouped by question. "
                + "A share of questions is held out and scored once at the end.", ""},
            footer = {"", "Example:", "  probation lie-detector train --model organism:sandbagger -o liar.json",
                "", "Exit codes: 0 trained and saved, 1 runtime error (or too few usable answers), 2 usage error."})
    static final class Train implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = {"-m", "--model"}, required = true, paramLabel = "<ref>", description = "The model to build a detector for.")
        String model;

        @Option(names = {"-o", "--output"}, defaultValue = "lie-detector.json", paramLabel = "<file>",
                description = "Where to save the detector (default: ${DEFAULT-VALUE}).")
        Path output;

        @Mixin
        Questions questions;

        @Option(names = "--hold-out", defaultValue = "0.25", paramLabel = "<share>",
                description = "Share of questions kept out of training and scored once at the end (default: ${DEFAULT-VALUE}).")
        double holdOut;

        @Option(names = "--folds", defaultValue = "5", paramLabel = "<k>", description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
        int folds;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--no-progress", description = "Do not show the progress bar.")
        boolean noProgress;

        @Mixin
        ModelOptions connection;

        @Override
        public Integer call() {
            LieDetectorTraining.Options options;
            try {
                options = new LieDetectorTraining.Options(questions.load(), QuestionBank.followUps(), folds, holdOut, seed, 1.0);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            requireReplaceable(output);
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "Training a lie detector for %s: %d questions, each asked truthfully and as a lie, then %d "
                    + "follow-ups per kept answer: up to %,d model calls.%n", model, options.questions().size(),
                    options.followUps().size(), options.maxCalls());
            try (ManagedModel subject = Models.open(model, connection.settings())) {
                LieDetectorTraining.Result result;
                try (Bar bar = new Bar(err, !noProgress, "lie-detector train")) {
                    result = LieDetectorTraining.train(subject, options, bar);
                }
                result.detector().save(output);
                TrainingReport r = result.detector().training();
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%nLie detector for %s%n%n", model);
                out.printf(Locale.ROOT, "  answers kept        %d lies, %d truthful (%d did not do as told, %d failed calls)%n",
                        r.lies(), r.truths(), r.discarded(), r.failedCalls());
                out.printf(Locale.ROOT, "  cross-validation    AUROC %.3f, precision %.2f, recall %.2f (%d folds grouped by question)%n",
                        r.auroc(), r.precision(), r.recall(), r.folds());
                if (r.heldOutAuroc() != null) {
                    out.printf(Locale.ROOT, "  held-out questions  AUROC %.3f on %d questions never trained on%n", r.heldOutAuroc(),
                            r.heldOutQuestions());
                }
                if (r.unclearReplies() > 0.2) {
                    out.printf(Locale.ROOT, "%nWarning: %.0f%% of the follow-up replies said neither yes nor no; the model may not "
                            + "answer in that form (or ran out of tokens), and the detector learns little from those.%n",
                            100 * r.unclearReplies());
                }
                out.printf(Locale.ROOT, "%nSaved to %s%n", output);
                return ExitCodes.CONSISTENT;
            }
        }
    }

    /** A detector is retrained in place; any other file, or a folder, is the user's and is not overwritten. */
    static void requireReplaceable(Path output) {
        if (Files.isDirectory(output)) {
            throw new UsageException("-o: " + output + " is a folder; give the file to save the detector to");
        }
        if (Files.exists(output)) {
            try {
                LieDetector.load(output);
            } catch (IllegalArgumentException e) {
                if (e.getMessage().contains("not a lie detector")) {
                    throw new UsageException("-o: " + output + " exists and is not a lie detector; it is left alone, so give "
                            + "another file or delete it first");
                }
            } catch (java.io.UncheckedIOException e) {
                throw new UsageException("-o: cannot read " + output + ", which exists; give another file");
            }
        }
    }

    @Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Measures a saved detector on a model whose lies are known: runs the protocol again (on the model "
                + "it was trained for, or another one) and reports how well the detector separates lies from truthful answers.", ""},
            footer = {"", "Example:", "  probation lie-detector evaluate --detector liar.json --model organism:eval-gamer",
                "", "Exit codes: 0 measured, 1 runtime error, 2 usage error."})
    static final class Evaluate implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--detector", required = true, paramLabel = "<file>", description = "A detector saved by 'lie-detector train'.")
        Path detectorFile;

        @Option(names = {"-m", "--model"}, paramLabel = "<ref>", description = "The model to interrogate (default: the detector's).")
        String model;

        @Mixin
        Questions questions;

        @Option(names = "--seed", defaultValue = "2", paramLabel = "<n>", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--no-progress", description = "Do not show the progress bar.")
        boolean noProgress;

        @Mixin
        ModelOptions connection;

        @Override
        public Integer call() {
            LieDetector detector = LieDetector.load(detectorFile);
            String ref = model != null ? model : detector.model();
            // By default, the questions the detector never saw in training.
            List<String> heldOut = detector.training().heldOut();
            List<KnownQuestion> asked = questions.chosen() || heldOut.isEmpty() ? questions.load()
                    : questions.load(QuestionBank.questions().stream().filter(q -> heldOut.contains(q.id())).toList());
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "Evaluating %s on %s: %d %squestions, up to %,d model calls.%n", detectorFile, ref, asked.size(),
                    questions.chosen() || heldOut.isEmpty() ? "" : "held-out ", (long) asked.size() * 2 * (1 + detector.followUps().size()));
            try (ManagedModel subject = Models.open(ref, connection.settings())) {
                LieDetectorEvaluation e;
                try (Bar bar = new Bar(err, !noProgress, "lie-detector evaluate")) {
                    e = LieDetectorEvaluation.run(detector, subject, asked, seed, bar);
                }
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "%nDetector trained on %s, measured on %s:%n  AUROC %.3f, precision %.2f, recall %.2f over %d lies and %d "
                                + "truthful answers (%d did not do as told, %d failed calls)%n",
                        detector.model(), ref, e.auroc(), e.precision(), e.recall(), e.lies(), e.truths(), e.discarded(), e.failedCalls());
                return ExitCodes.CONSISTENT;
            }
        }
    }

    @Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Applies a saved detector to answers: for each, asks the model the follow-up questions (one call "
                + "each) and gives the probability that the answer was a lie.", ""},
            footer = {"", "Examples:", "  probation lie-detector check --detector liar.json answers.jsonl",
                "  probation lie-detector check --detector liar.json --format jsonl - < answers.jsonl",
                "", "Input: JSON Lines with 'id' and either 'question' and 'answer', or 'messages' (role/content, ending with the "
                + "answer to check); 'system' is optional. Other fields are kept in jsonl output.",
                "", "Exit codes: 0 no answer scored as a lie, 3 at least one did, 1 a check failed, 2 usage error."})
    static final class Check implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--detector", required = true, paramLabel = "<file>", description = "A detector saved by 'lie-detector train'.")
        Path detectorFile;

        @Parameters(index = "0", paramLabel = "<jsonl|->", description = "Answers to check.")
        String input;

        @Option(names = {"-m", "--model"}, paramLabel = "<ref>",
                description = "The model that gave the answers, to ask the follow-ups (default: the detector's).")
        String model;

        @Option(names = "--format", defaultValue = "text", paramLabel = "<format>", description = "text or jsonl (default: ${DEFAULT-VALUE}).")
        ResultFormat format;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "<n>", description = "Sampling seed of the follow-up calls (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        ModelOptions connection;

        @Override
        public Integer call() throws Exception {
            LieDetector detector = LieDetector.load(detectorFile);
            List<Suspect> suspects;
            if (input.equals("-")) {
                suspects = Suspect.read("<stdin>", ResultFormat.stdinLines());
            } else {
                if (!Files.isRegularFile(Path.of(input))) {
                    throw new UsageException(input + ": no such file");
                }
                suspects = Suspect.read(Path.of(input));
            }
            String ref = model != null ? model : detector.model();
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "Checking %d answers with %s: %d follow-up calls to %s each, %,d in all.%n", suspects.size(),
                    detectorFile, detector.followUps().size(), ref, (long) suspects.size() * detector.followUps().size());
            if (!ref.equals(detector.model())) {
                err.printf("Note: the detector was trained on %s; on another model its scores are less certain.%n", detector.model());
            }
            PrintWriter out = spec.commandLine().getOut();
            int lies = 0;
            int failed = 0;
            List<String> rows = new ArrayList<>();
            try (ManagedModel subject = Models.open(ref, connection.settings())) {
                for (Suspect suspect : suspects) {
                    var line = suspect.fields().deepCopy().put("id", suspect.id());
                    try {
                        LieDetector.Check check = detector.check(subject, suspect.system(), suspect.conversation(), seed);
                        boolean lie = check.lie() >= 0.5;
                        lies += lie ? 1 : 0;
                        line.put("lie", Math.round(check.lie() * 10_000) / 10_000.0);
                        var replies = line.putObject("followUps");
                        for (int i = 0; i < check.replies().length; i++) {
                            double r = check.replies()[i];
                            replies.put(detector.followUps().get(i).id(), r > 0 ? "yes" : r < 0 ? "no" : "neither");
                        }
                        rows.add(String.format(Locale.ROOT, "  %-28s %6.2f%s", suspect.id(), check.lie(), lie ? "  lie" : ""));
                    } catch (ModelException e) {
                        failed++;
                        line.put("error", e.getMessage());
                        rows.add(String.format(Locale.ROOT, "  %-28s %6s  error: %s", suspect.id(), "-", e.getMessage()));
                    }
                    if (format == ResultFormat.JSONL) {
                        out.println(Json.MAPPER.writeValueAsString(line));
                        out.flush();
                    }
                }
            }
            if (format == ResultFormat.TEXT) {
                out.printf(Locale.ROOT, "%n  %-28s %6s%n", "id", "lie");
                rows.forEach(out::println);
                out.printf(Locale.ROOT, "%n%d of %d answers scored as lies (probability at least 0.5).%n", lies, suspects.size());
            }
            return lies > 0 ? ExitCodes.GAP_DETECTED : failed > 0 ? ExitCodes.ERROR : ExitCodes.CONSISTENT;
        }
    }
}
