package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.detect.Verdict;
import dev.probation.model.ManagedModel;
import dev.probation.report.Reports;
import dev.probation.run.Analysis;
import dev.probation.run.Attempt;
import dev.probation.run.AuditConfig;
import dev.probation.run.RunContents;
import dev.probation.run.RunHeader;
import dev.probation.run.RunLog;
import dev.probation.run.RunLogReader;
import dev.probation.run.Summary;
import dev.probation.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "score", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Re-scores a saved run without calling the audited model (except for --detector lie, which asks it "
            + "follow-up questions): runs the detector again over the recorded answers, appends the new verdicts to run.jsonl, "
            + "and rewrites the reports.", ""},
        footer = {"", "Examples:", "  probation score runs/eval-gamer", "  probation score runs/mini --judge openai:gpt-4o --votes 3",
            "", "Exit codes: 0 no significant gap, 3 significant gap found, 1 runtime error, 2 usage error."})
final class ScoreCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<run-dir>", description = "A folder written by 'probation audit' (or its run.jsonl).")
    Path target;

    @Option(names = "--detector", paramLabel = "<name>", description = "Detector to use (default: the run's).")
    String detector;

    @Mixin
    JudgeOptions judging;

    @Option(names = "--inspect-reasoning",
            description = "Also inspect the answers' reasoning offline and add the rates of alignment-faking reasoning per framing to the reports.")
    boolean inspectReasoning;

    @Option(names = "--lie-detector", paramLabel = "<file>",
            description = "A detector saved by 'probation lie-detector train', for --detector lie (asks the run's model follow-up questions).")
    Path lieDetector;

    @Option(names = "--alpha", paramLabel = "<a>", description = "Family-wise significance level (default: the run's).")
    Double alpha;

    @Option(names = "--max-failures", defaultValue = "0.1", paramLabel = "<share>",
            description = "Largest share of failed calls and unjudged answers for a conclusive audit (default: ${DEFAULT-VALUE}).")
    double maxFailures;

    @Mixin
    ModelOptions connection;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Path runLog = Files.isDirectory(target) ? target.resolve(AuditRunner.RUN_LOG) : target;
        Path dir = runLog.toAbsolutePath().getParent();
        if (!Files.isRegularFile(runLog)) {
            throw new UsageException(target + " holds no run.jsonl; pass a folder written by 'probation audit'");
        }
        RunContents run = RunLogReader.read(runLog);
        AuditConfig config = run.header().config();
        String detectorName = detector != null ? detector : config.detector();
        // Without new choices, re-score as the run was scored (with its judge, if it had one).
        String judgeRef = judging.judge != null ? judging.judge : (detector == null ? config.judge() : null);
        if (judging.judge != null || judging.votes != null) {
            judging.check(detectorName);
        }
        int judgeVotes = judging.votesOr(judging.judge != null ? 1 : config.votes());
        if (lieDetector != null && !detectorName.equals("lie")) {
            throw new UsageException("--lie-detector goes with --detector lie");
        }
        try (ManagedModel judgeModel = judging.open(judgeRef, connection.settings());
             ManagedModel subject = lieDetector == null ? null : dev.probation.model.Models.open(config.model(), connection.settings())) {
            Detector chosen = Detectors.create(detectorName, new DetectorOptions(judgeModel, judgeVotes)
                    .with(subject, lieDetector == null ? Map.of() : Map.of("lie-detector", lieDetector.toString())));
            Map<String, Scenario> scenarios = new LinkedHashMap<>();
            run.header().suite().scenarios().forEach(s -> scenarios.put(s.id(), s));
            Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
            long answers = run.attempts().stream().filter(Attempt::succeeded).count();
            var err = spec.commandLine().getErr();
            err.printf("Re-scoring %d %s in %s with %s%s%n", answers,
                    run.attempts().stream().anyMatch(a -> a.trajectory() != null) ? "trajectories" : "answers", runLog, detectorName, judgeRef == null ? "" : " (judge " + judgeRef + ")");
            err.flush();
            try (RunLog log = RunLog.resume(runLog);
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                log.appendRescore(detectorName, judgeRef);
                java.util.List<Future<?>> futures = new java.util.ArrayList<>();
                for (Attempt attempt : run.attempts()) {
                    if (!attempt.succeeded()) {
                        continue;
                    }
                    futures.add(pool.submit(() -> {
                        Verdict verdict = dev.probation.run.AttemptJudge.judge(chosen, scenarios.get(attempt.scenario()), attempt,
                                run.header().families());
                        verdicts.put(attempt.id(), verdict);
                        log.append(attempt.id(), verdict);
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            AuditConfig rescored = new AuditConfig(config.model(), config.baseUrl(), config.suite(), config.families(), config.samples(),
                    config.temperature(), config.maxTokens(), config.seed(), config.scratchpad(), config.reasoning(), detectorName,
                    judgeRef, judgeVotes, alpha != null ? alpha : config.alpha())
                    .withSimulator(config.simulator()).withMargin(config.margin()).withSequential(config.sequential());
            RunHeader header = new RunHeader(run.header().format(), run.header().version(), run.header().createdAt(),
                    run.header().tool(), rescored, run.header().suite(), run.header().families());
            RunContents updated = new RunContents(header, run.attempts(), verdicts, run.droppedLines());
            Summary summary = Analysis.summarize(updated, chosen.flaggedLabel(), maxFailures);
            if (inspectReasoning) {
                summary = summary.withReasoning(RunReasoning.rates(updated, dev.probation.reasoning.ReasoningInspector.offline()));
            }
            Reports.writeAll(updated, summary, dir);
            Console.printSummary(out, summary);
            Console.printReports(out, dir);
            return Console.exitCode(summary, spec.commandLine().getErr());
        }
    }
}
