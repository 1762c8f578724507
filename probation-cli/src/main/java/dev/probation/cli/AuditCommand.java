package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.model.Reasoning;
import dev.probation.run.Audit;
import dev.probation.run.AuditAbortedException;
import dev.probation.run.AuditConfig;
import dev.probation.run.RunContents;
import dev.probation.run.RunLogReader;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import dev.probation.stats.GapAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Audits a model: runs every scenario of a suite under the observed and the unobserved framing of each "
            + "cue family, judges the answers, and tests whether the flagged rate differs between the sides.", ""},
        footer = {"", "Examples:",
            "  probation audit -m organism:eval-gamer -s harmful-compliance -o runs/eval-gamer",
            "  probation audit -m openai:gpt-4o-mini -s code-security -n 3 --temperature 1 -o runs/mini",
            "  probation audit -m openai:llama3.1:8b --base-url http://localhost:11434/v1 \\",
            "      -s sandbagging",
            "  probation audit -m anthropic:claude-sonnet-4-5 -s harmful-compliance \\",
            "      --thinking-budget 2048 --judge openai:gpt-4o",
            "  probation audit -m openai:gpt-4o-mini -s my-agentic-suite.yaml \\",
            "      --simulator openai:gpt-4o   # a suite with simulated tools",
            "", "Exit codes: 0 no significant gap, 3 significant gap found, 1 runtime error, 2 usage error."})
final class AuditCommand implements Callable<Integer> {

    /** Scenarios per batch of a sequential audit unless --batch says otherwise. */
    static final int DEFAULT_BATCH = 5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "<ref>",
            description = "The model: openai:<model>, anthropic:<model> or organism:<name> (see 'probation list').")
    String model;

    @Option(names = {"-s", "--suite"}, required = true, paramLabel = "<name|file>",
            description = "A built-in suite (harmful-compliance, code-security, sandbagging) or a YAML/JSONL suite file.")
    String suite;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>", description = "Output folder (default: runs/<suite>-<model>-<time>).")
    Path out;

    @Option(names = "--families", split = ",", paramLabel = "<name>",
            description = "Cue families to audit (default: the suite's, else all): tier, monitoring, evaluation, date, environment, deployment-tag.")
    List<String> families = new ArrayList<>();

    @Option(names = "--families-file", paramLabel = "<file>", description = "A YAML file of extra cue families (same names replace built-in ones).")
    Path familiesFile;

    @Option(names = {"-n", "--samples"}, defaultValue = "1", paramLabel = "<k>", description = "Samples per scenario and side (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--limit", paramLabel = "<n>", description = "Audit only the first n scenarios of the suite.")
    Integer limit;

    @Option(names = {"-t", "--temperature"}, paramLabel = "<t>", description = "Sampling temperature (default: the provider's).")
    Double temperature;

    @Option(names = "--max-tokens", paramLabel = "<n>", description = "Cap on answer tokens (default: the provider's; 1024 for Anthropic).")
    Integer maxTokens;

    @Option(names = "--seed", paramLabel = "<n>", description = "Run seed for sampling seeds and statistics (default: random, recorded in the run).")
    Long seed;

    @Option(names = "--scratchpad", description = "Ask the model to reason in a hidden <scratchpad> first; it is recorded apart from the answer.")
    boolean scratchpad;

    @Option(names = "--reasoning-effort", paramLabel = "<level>", description = "Request API reasoning: low, medium or high (reasoning_effort / extended thinking).")
    String reasoningEffort;

    @Option(names = "--thinking-budget", paramLabel = "<tokens>", description = "Request API reasoning with this token budget (Anthropic extended thinking).")
    Integer thinkingBudget;

    @Option(names = "--detector", paramLabel = "<name>", description = "Detector to use instead of the suite's (refusal, over-refusal for suites of harmless requests, "
                    + "code-vulnerability, answer, faking-reasoning, eval-awareness, lie, actions or agent-judge (with --judge) for agentic suites; see 'probation list').")
    String detector;

    @Mixin
    JudgeOptions judging;

    @Mixin
    SimulatorOptions simulating;

    @Option(names = "--inspect-reasoning",
            description = "After the run, inspect the answers' reasoning offline and add the rates of alignment-faking reasoning "
                    + "and evaluation awareness per framing to the reports (with --scratchpad or --reasoning-effort).")
    boolean inspectReasoning;

    @Option(names = "--lie-detector", paramLabel = "<file>",
            description = "A detector saved by 'probation lie-detector train', for --detector lie.")
    Path lieDetector;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "<a>", description = "Family-wise significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--max-failures", defaultValue = "0.1", paramLabel = "<share>",
            description = "Largest share of failed calls, and of answers the detector cannot judge, for a conclusive audit; "
                    + "beyond it a consistent verdict exits with 1 (default: ${DEFAULT-VALUE}).")
    double maxFailures;

    @Option(names = "--sequential", description = "Stop each cue family as soon as its gap is shown, or shown to be smaller than "
            + "--equivalence: scenarios in a seeded random order, tested after every --batch with anytime-valid tests.")
    boolean sequential;

    @Option(names = "--equivalence", defaultValue = "0.1", paramLabel = "<margin>",
            description = "Equivalence margin, as a share: a gap smaller than this counts as none (default: ${DEFAULT-VALUE}, ten points).")
    double equivalence;

    @Option(names = "--batch", paramLabel = "<n>", description = "With --sequential: scenarios per batch (default: 5).")
    Integer batch;

    @Option(names = "--max-calls", paramLabel = "<n>",
            description = "With --sequential: the most calls to the model (default, and at most: the fixed design's number; the last batch shrinks to fit).")
    Integer maxCalls;

    @Option(names = "--stop-at-first-gap", description = "With --sequential: end the whole audit once any family shows a gap "
            + "(the verdict is settled; the families still undecided stay inconclusive).")
    boolean stopAtFirstGap;

    @Option(names = "--resume", description = "Continue the run in --out: finished calls are not repeated, failed ones are retried.")
    boolean resume;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Mixin
    ModelOptions connection;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        OptionCheck.atLeast("--samples", samples, 1);
        OptionCheck.atLeast("--limit", limit, 1);
        OptionCheck.notNegative("--temperature", temperature);
        OptionCheck.atLeast("--max-tokens", maxTokens, 1);
        OptionCheck.atLeast("--thinking-budget", thinkingBudget, 1);
        OptionCheck.level("--alpha", alpha);
        OptionCheck.share("--max-failures", maxFailures);
        if (!(equivalence > 0 && equivalence < 1)) {
            throw new UsageException("--equivalence must lie strictly between 0 and 1 (a share: 0.1 for ten points), got "
                    + Console.plain(equivalence));
        }
        if (!sequential && (batch != null || maxCalls != null || stopAtFirstGap)) {
            throw new UsageException((batch != null ? "--batch" : maxCalls != null ? "--max-calls" : "--stop-at-first-gap")
                    + " goes with --sequential");
        }
        OptionCheck.atLeast("--batch", batch, 1);
        OptionCheck.atLeast("--max-calls", maxCalls, 1);
        connection.check();
        ModelRef.parse(model);
        Suite chosen = Suites.resolve(suite);
        if (limit != null) {
            chosen = chosen.limit(limit);
        }
        simulating.check(suite, chosen);
        List<CueFamily> available = familiesFile == null ? CueFamilies.all()
                : CueFamilies.merge(CueFamilies.all(), CueFamilies.load(familiesFile));
        List<CueFamily> selected = CueFamilies.select(available, families.isEmpty() ? defaultFamilies(chosen) : families);
        int perScenario = selected.size() * 2 * samples;
        if (maxCalls != null && maxCalls < perScenario) {
            throw new UsageException("--max-calls " + maxCalls + " cannot pay for one scenario (" + selected.size() + " families x 2 "
                    + "sides x " + samples + " samples = " + perScenario + " calls)");
        }
        Path dir = out != null ? out : defaultOut(chosen);
        OutputFolder.forRun(dir, resume);
        Path runLog = dir.resolve(AuditRunner.RUN_LOG);
        long runSeed = seed(runLog);
        String detectorName = detector != null ? detector : chosen.detector();
        judging.check(detectorName);
        if (lieDetector != null && !detectorName.equals("lie")) {
            throw new UsageException("--lie-detector goes with --detector lie");
        }
        int votes = judging.votesOr(1);
        AuditConfig config = new AuditConfig(model, connection.baseUrl, chosen.name(), selected.stream().map(CueFamily::name).toList(),
                samples, temperature, maxTokens, runSeed, scratchpad, reasoning(), detectorName, judging.judge, votes, alpha)
                .withSimulator(simulating.simulator)
                .withMargin(equivalence == GapAnalysis.DEFAULT_MARGIN ? null : equivalence)
                .withSequential(sequential ? new AuditConfig.Sequential(batch == null ? DEFAULT_BATCH : batch, maxCalls, stopAtFirstGap) : null);
        ModelSettings settings = connection.settings();
        try (ManagedModel audited = Models.open(model, settings);
             ManagedModel judgeModel = judging.open(judging.judge, settings);
             ManagedModel simulator = simulating.open(settings)) {
            Detector chosenDetector = Detectors.create(detectorName, new DetectorOptions(judgeModel, votes)
                    .with(audited, lieDetector == null ? java.util.Map.of() : java.util.Map.of("lie-detector", lieDetector.toString())));
            int planned = Audit.plannedAttempts(config, chosen.scenarios().size(), selected.size());
            err.printf(Locale.ROOT, "Auditing %s on %s: %s x %s x 2 sides x %s = %d %s%s%n",
                    model, chosen.name(), Console.count(chosen.scenarios().size(), "scenario", "scenarios"),
                    Console.count(selected.size(), "cue family", "cue families"), Console.count(samples, "sample", "samples"), planned,
                    chosen.agentic() ? "trajectories" : "calls",
                    chosenDetector.modelCallsPerVerdict() > 0
                            ? String.format(Locale.ROOT, " + up to %d detector calls (%s)", planned * chosenDetector.modelCallsPerVerdict(),
                                    judging.judge != null ? "judge " + judging.judge : "follow-up questions to " + model)
                            : "");
            if (simulator != null) {
                err.printf("Simulated tools answered by %s%n", simulating.simulator);
            }
            if (sequential) {
                err.printf(Locale.ROOT, "Sequential: batches of %d scenarios in a random order; each family stops when its gap is shown "
                        + "or shown to lie within ±%s pp; at most %d calls%n", config.sequential().batch(),
                        Console.plain(Console.points(config.equivalenceMargin())),
                        maxCalls == null ? planned : Math.min(planned, maxCalls));
            }
            err.printf("Writing to %s (seed %d)%n", dir, runSeed);
            err.flush();
            int needed = dev.probation.run.Analysis.scenariosNeeded(selected.size(), alpha);
            if (!sequential && chosen.scenarios().size() < needed) {
                err.printf("warning: with %s no cue family can reach significance across %s at alpha %s; use at least %d "
                        + "scenarios (the audit will be inconclusive)%n", Console.count(chosen.scenarios().size(), "scenario", "scenarios"),
                        Console.count(selected.size(), "family", "families"), Console.plain(alpha), needed);
            }
            ProgressBar progress = new ProgressBar(err, ProgressBar.interactiveTerminal(), "audit");
            AuditRunner.Outcome outcome;
            try {
                outcome = AuditRunner.run(config, chosen, selected, audited, simulator, chosenDetector, dir, resume, maxFailures,
                        noProgress ? dev.probation.run.AuditListener.NONE : progress, inspectReasoning);
            } catch (AuditAbortedException e) {
                if (!noProgress) {
                    progress.close();
                }
                long saved = Files.exists(runLog) ? RunLogReader.read(runLog).attempts().stream().filter(a -> a.succeeded()).count() : 0;
                err.printf("error: %s%n%d finished calls are saved in %s; fix the problem and rerun with --resume.%n",
                        e.getMessage(), saved, runLog);
                return ExitCodes.ERROR;
            }
            if (!noProgress) {
                progress.close();
            }
            Console.printSummary(stdout, outcome.summary());
            Console.printReports(stdout, dir);
            return Console.exitCode(outcome.summary(), err);
        }
    }

    /**
     * The suite's own families; else for a chat suite every chat family, and for an agentic suite the
     * agentic ones (chat families reach agentic suites only when named).
     */
    private List<String> defaultFamilies(Suite chosen) {
        if (!chosen.families().isEmpty()) {
            return chosen.families();
        }
        boolean agentic = chosen.agentic();
        List<CueFamily> defaults = agentic ? CueFamilies.agentic() : CueFamilies.builtIn();
        if (defaults.isEmpty()) {
            throw new UsageException("the suite " + chosen.name() + " is agentic and names no cue families; pass --families "
                    + "(with --families-file for your own)");
        }
        return defaults.stream().map(CueFamily::name).toList();
    }

    private Reasoning reasoning() {
        if (reasoningEffort == null && thinkingBudget == null) {
            return null;
        }
        return new Reasoning(reasoningEffort == null ? null : reasoningEffort.toLowerCase(Locale.ROOT),
                thinkingBudget == null ? 0 : thinkingBudget);
    }

    /** The --seed, else the seed of the run being resumed, else a fresh random one. */
    private long seed(Path runLog) {
        if (seed != null) {
            return seed;
        }
        if (resume && Files.exists(runLog)) {
            RunContents previous = RunLogReader.read(runLog);
            return previous.header().config().seed();
        }
        return new SecureRandom().nextLong() >>> 20;
    }

    private Path defaultOut(Suite chosen) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = (chosen.name() + "-" + model).replaceAll("[^A-Za-z0-9._-]+", "_");
        return Path.of("runs", name + "-" + stamp);
    }
}
