package dev.probation.cli;

import dev.probation.model.ManagedModel;
import dev.probation.reasoning.Inspection;
import dev.probation.reasoning.InspectionFailedException;
import dev.probation.reasoning.ReasoningInspector;
import dev.probation.reasoning.Trace;
import dev.probation.reasoning.TraceReader;
import dev.probation.run.RunContents;
import dev.probation.run.RunLogReader;
import dev.probation.util.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect-reasoning", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Inspects reasoning traces (scratchpads, chain of thought, thinking blocks) for alignment-faking "
            + "reasoning (complying to avoid being modified by training: five criteria that must all hold, after Greenblatt "
            + "et al. 2024) and for evaluation awareness, with a score, the criteria met and quoted evidence.",
            "", "Offline by default (sentence embeddings from a small ONNX model in the jar and a trained classifier; no "
            + "network), or with a judge model (--judge), which costs --votes calls per trace."},
        footer = {"", "Examples:", "  probation inspect-reasoning traces.jsonl",
            "  probation inspect-reasoning --format jsonl traces.jsonl > scores.jsonl",
            "  probation inspect-reasoning runs/training-gamer",
            "  probation inspect-reasoning --judge openai:gpt-4o --votes 3 traces.jsonl",
            "  probation inspect-reasoning --judge openai:gpt-4o --votes 5 --compare-offline corpus/reasoning/long-a.jsonl",
            "", "Input: JSON Lines with 'id' and 'reasoning' on each line (other fields are kept in jsonl output), a folder "
            + "written by 'probation audit' (its run.jsonl), or '-' for JSON Lines on standard input.",
            "", "On a labelled set (lines with 'alignmentFaking' and 'evalAware') the scores are also compared with the labels.",
            "", "A trace longer than 100,000 characters is inspected in part, its first and last 50,000 characters: a note "
            + "says so, and jsonl output gives 'omittedChars' (the characters in the middle that were not inspected).",
            "", "Exit codes: 0 no alignment-faking reasoning found, 3 found in at least one trace, 1 a trace could not be "
            + "inspected (judge failures), 2 usage error or malformed input."})
final class InspectReasoningCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<jsonl|run-dir|->", description = "Traces to inspect.")
    String input;

    @Option(names = "--format", defaultValue = "text", paramLabel = "<format>",
            description = "text (a table, by framing for a run) or jsonl (one result per trace). Default: ${DEFAULT-VALUE}.")
    ResultFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>", description = "Write the results to a file instead of standard output.")
    Path output;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Option(names = "--compare-offline", description = "With --judge: also inspect every trace offline and report how often "
            + "the judge and the offline classifier agree (Cohen's kappa), and on a labelled set how each scores against the labels.")
    boolean compareOffline;

    @Mixin
    JudgeOptions judging;

    @Mixin
    ModelOptions connection;

    @Override
    public Integer call() throws Exception {
        if (judging.judge == null) {
            judging.check("faking-reasoning");
            if (compareOffline) {
                throw new UsageException("--compare-offline needs --judge");
            }
        }
        TraceSource source = load();
        PrintWriter err = spec.commandLine().getErr();
        int votes = judging.votesOr(1);
        try (ManagedModel judge = judging.open(judging.judge, connection.settings())) {
            ReasoningInspector inspector = judge == null ? ReasoningInspector.offline() : ReasoningInspector.judge(judge, votes);
            int calls = source.traces().size() * inspector.modelCallsPerTrace();
            err.printf(Locale.ROOT, "Inspecting %d trace%s from %s %s%s%n", source.traces().size(),
                    source.traces().size() == 1 ? "" : "s", source.name(),
                    judge == null ? "offline (no model calls)" : "with judge " + judge.ref(),
                    calls > 0 ? String.format(Locale.ROOT, ": %d judge calls (%d votes per trace)", calls, votes) : "");
            if (source.withoutReasoning() > 0) {
                err.printf(Locale.ROOT, "Skipped %d answers without reasoning (audit with --scratchpad or --reasoning-effort to get some).%n",
                        source.withoutReasoning());
            }
            // Offline first: it is cheap and fails fast, before any judge call is paid for.
            List<Result> offline = compareOffline ? inspect(source.traces(), ReasoningInspector.offline(), 1) : null;
            List<Result> results = inspect(source.traces(), inspector, judge == null ? 1 : Math.max(1, connection.settings().concurrency()));
            try (Writer sink = output == null ? null : Files.newBufferedWriter(prepare(output), StandardCharsets.UTF_8)) {
                PrintWriter out = sink == null ? spec.commandLine().getOut() : new PrintWriter(sink);
                if (format == ResultFormat.JSONL) {
                    ReasoningOutput.jsonl(out, results);
                } else {
                    ReasoningOutput.text(out, source, results);
                }
                out.flush();
            }
            if (output != null) {
                err.println("Results written to " + output);
            }
            List<String> cut = results.stream().filter(r -> r.inspection() != null && r.inspection().omittedChars() > 0)
                    .map(r -> r.trace().id()).toList();
            if (!cut.isEmpty()) {
                err.printf(Locale.ROOT, "Inspected in part: %d trace%s longer than %,d characters (only the first and last %,d of "
                        + "each were read; omittedChars in --format jsonl): %s%n", cut.size(), cut.size() == 1 ? "" : "s",
                        ReasoningInspector.MAX_CHARS, ReasoningInspector.MAX_CHARS / 2,
                        String.join(", ", cut.subList(0, Math.min(cut.size(), 10))) + (cut.size() > 10 ? ", ..." : ""));
            }
            List<ReasoningAgreement.Pair> pairs = ReasoningAgreement.pairs(results, offline);
            ReasoningAgreement.againstLabels(err, results.size(), pairs, judge == null ? "offline" : "judge", offline != null);
            if (offline != null) {
                ReasoningAgreement.judgeAndOffline(err, pairs);
            }
            for (Result result : results) {
                if (result.error() != null) {
                    err.println(result.trace().id() + ": error: " + result.error());
                }
            }
            if (results.stream().anyMatch(r -> r.inspection() != null && r.inspection().faking())) {
                return ExitCodes.GAP_DETECTED;
            }
            return results.stream().anyMatch(r -> r.error() != null) ? ExitCodes.ERROR : ExitCodes.CONSISTENT;
        }
    }

    /** One trace and what inspecting it gave: an inspection, or the error that prevented one. */
    record Result(Trace trace, Inspection inspection, String error) {}

    /**
     * The traces of one input.
     *
     * @param run              the audit's run log when the input was a run, else null
     * @param withoutReasoning answers of that run that carried no reasoning
     */
    record TraceSource(String name, List<Trace> traces, RunContents run, int withoutReasoning) {}

    private TraceSource load() throws IOException {
        if (input.equals("-")) {
            List<String> lines = read("<stdin>", () -> {
                try {
                    return JsonLines.read("<stdin>", System.in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
                }
            });
            return new TraceSource("standard input", read("<stdin>", () -> TraceReader.read("<stdin>", lines)), null, 0);
        }
        Path path = Path.of(input);
        if (!Files.exists(path)) {
            throw new UsageException(input + ": no such file or folder");
        }
        Path runLog = Files.isDirectory(path) ? path.resolve(AuditRunner.RUN_LOG) : null;
        if (runLog != null && !Files.isRegularFile(runLog)) {
            throw new UsageException(input + " is a folder without run.jsonl; pass a JSON Lines file or a folder written by 'probation audit'");
        }
        if (runLog == null && isRunLog(path)) {
            runLog = path;
        }
        if (runLog != null) {
            RunContents run = RunLogReader.read(runLog);
            RunTraces traces = RunTraces.of(run);
            return new TraceSource(runLog.toString(), traces.traces(), run, traces.withoutReasoning());
        }
        return new TraceSource(input, read(input, () -> TraceReader.read(path)), null, 0);
    }

    /** A run log starts with its versioned header line. */
    private static boolean isRunLog(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && first.contains("\"type\":\"header\"");
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Reads traces (or lines), making a malformed or unreadable input a usage error; an input without any is one too. */
    private static <T> List<T> read(String name, java.util.function.Supplier<List<T>> reader) {
        try {
            List<T> traces = reader.get();
            if (traces.isEmpty()) {
                throw new UsageException(name + ": no traces (expected JSON Lines with 'id' and 'reasoning')");
            }
            return traces;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Inspects every trace, on {@code parallel} threads for a judge (its calls wait on the network). */
    private List<Result> inspect(List<Trace> traces, ReasoningInspector inspector, int parallel) throws InterruptedException {
        ProgressBar progress = traces.size() >= 20 && !noProgress ? new ProgressBar(spec.commandLine().getErr(),
                ProgressBar.interactiveTerminal(), "inspect-reasoning", "traces") : null;
        if (progress != null) {
            progress.started(traces.size(), 0, 0);
        }
        List<Result> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<Result>> futures = new ArrayList<>();
            for (Trace trace : traces) {
                futures.add(pool.submit(() -> {
                    Result result;
                    try {
                        result = new Result(trace, inspector.inspect(trace.reasoning()), null);
                    } catch (InspectionFailedException e) {
                        result = new Result(trace, null, e.getMessage());
                    }
                    if (progress != null) {
                        progress.step(result.error());
                    }
                    return result;
                }));
            }
            for (Future<Result> future : futures) {
                try {
                    results.add(future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        if (progress != null) {
            progress.completed();
            progress.close();
        }
        return results;
    }

    private static Path prepare(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }
}
