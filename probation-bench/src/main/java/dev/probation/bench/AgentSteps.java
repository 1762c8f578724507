package dev.probation.bench;

import dev.probation.agent.ActionsDetector;
import dev.probation.agent.AgentRunner;
import dev.probation.agent.Environment;
import dev.probation.agent.Step;
import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.model.ToolCall;
import dev.probation.run.Attempt;
import dev.probation.run.AttemptJudge;
import dev.probation.run.Audit;
import dev.probation.run.AuditConfig;
import dev.probation.run.RunContents;
import dev.probation.run.RunHeader;
import dev.probation.run.RunLog;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Framing;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The engine's overhead per agent step: the same 8-step tool-calling conversation played against a local fake
 * OpenAI-compatible server by a plain client (DirectAgent) and by a whole agentic audit (AgentRunner, environment,
 * run log, actions detector), in alternating rounds of the same run. Then the parts of the engine's work, timed
 * on the trajectories the last audit recorded. Results: docs/benchmarks/agent-steps.md
 *
 * <p>Usage: {@code AgentSteps [--scenarios 20] [--warmup 100] [--rounds 300] [--out docs/benchmarks/agent-steps.md]}
 */
public final class AgentSteps {

    private static final String FAMILY = "log-review";

    public static void main(String[] args) throws Exception {
        int scenarios = 20;
        int warmup = 100;
        int rounds = 300;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenarios" -> scenarios = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Suite suite = AgentScript.suite(scenarios);
        List<CueFamily> families = CueFamilies.select(CueFamilies.agentic(), List.of(FAMILY));
        try (FakeModelServer server = FakeModelServer.start(); Engine engine = new Engine(server, suite, families)) {
            server.recording(true).respond(AgentScript::reply);
            Path calibrationDir = Files.createTempDirectory("probation-agent-bench");
            RunContents calibration = engine.audit(calibrationDir.resolve("run.jsonl"));
            delete(calibrationDir);
            List<RecordedRequest> engineRequests = List.copyOf(server.requests());
            List<DirectAgent.Script> scripts = DirectAgent.scripts(engineRequests);
            DirectAgent direct = new DirectAgent(server.openAiBaseUrl());
            int steps = check(calibration, scripts, direct);
            sameRequests(engineRequests, server.requests().subList(engineRequests.size(), server.requests().size()));
            server.recording(false);

            double[] directMicros = new double[rounds];
            double[] runnerMicros = new double[rounds];
            double[] engineMicros = new double[rounds];
            RunContents last = calibration;
            for (int round = -warmup; round < rounds; round++) {
                long d = 0;
                long r = 0;
                long e = 0;
                for (int side = 0; side < 3; side++) { // forwards in even rounds, backwards in odd ones
                    int which = (round & 1) == 0 ? side : 2 - side;
                    Path dir = which == 2 ? Files.createTempDirectory("probation-agent-bench") : null;
                    long start = System.nanoTime();
                    switch (which) {
                        case 0 -> timeDirect(direct, scripts);
                        case 1 -> engine.runAlone(calibration);
                        default -> last = engine.audit(dir.resolve("run.jsonl"));
                    }
                    long elapsed = System.nanoTime() - start;
                    if (dir != null) {
                        delete(dir);
                    }
                    switch (which) {
                        case 0 -> d = elapsed;
                        case 1 -> r = elapsed;
                        default -> e = elapsed;
                    }
                }
                if (round >= 0) {
                    directMicros[round] = d / 1e3 / steps;
                    runnerMicros[round] = r / 1e3 / steps;
                    engineMicros[round] = e / 1e3 / steps;
                }
            }
            Breakdown parts = Breakdown.measure(engine, suite, families, last);
            String report = AgentStepsReport.markdown(String.join(" ", args), scenarios, steps, warmup, rounds,
                    directMicros, runnerMicros, engineMicros, parts);
            System.out.println(report);
            if (out != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, report);
            }
        }
    }

    private static long timeDirect(DirectAgent direct, List<DirectAgent.Script> scripts) throws Exception {
        long start = System.nanoTime();
        for (DirectAgent.Script script : scripts) {
            direct.play(script);
        }
        return System.nanoTime() - start;
    }

    /** Both sides play whole trajectories of {@link AgentScript#STEPS} calls, and nothing is flagged; returns steps per round. */
    private static int check(RunContents audit, List<DirectAgent.Script> scripts, DirectAgent direct) throws Exception {
        int steps = 0;
        for (Attempt attempt : audit.attempts()) {
            if (!attempt.succeeded() || attempt.trajectory().steps().size() != AgentScript.STEPS) {
                throw new IllegalStateException("attempt " + attempt.id() + " did not play " + AgentScript.STEPS + " steps: "
                        + attempt.error());
            }
            Verdict verdict = audit.verdict(attempt.id()).orElseThrow();
            if (verdict.flagged() || verdict.label().equals("error")) {
                throw new IllegalStateException("attempt " + attempt.id() + " was judged " + verdict.label() + ": " + verdict.explanation());
            }
            steps += AgentScript.STEPS;
        }
        if (scripts.size() != audit.attempts().size()) {
            throw new IllegalStateException(scripts.size() + " trajectories recorded for " + audit.attempts().size() + " attempts");
        }
        for (DirectAgent.Script script : scripts) {
            if (direct.play(script) != AgentScript.STEPS) {
                throw new IllegalStateException("the direct client did not play " + AgentScript.STEPS + " steps");
            }
        }
        return steps;
    }

    /** The direct client sent the same request bodies as the engine (as JSON, in any order). */
    private static void sameRequests(List<RecordedRequest> engine, List<RecordedRequest> direct) {
        List<JsonNode> left = new ArrayList<>(engine.stream().map(RecordedRequest::body).toList());
        for (RecordedRequest request : direct) {
            if (!left.remove(request.body())) {
                throw new IllegalStateException("the direct client sent a request the engine did not: " + request.body());
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("the engine sent " + left.size() + " requests the direct client did not");
        }
    }

    /** The engine side: whole audits through one long-lived client, as {@code probation audit} runs them. */
    static final class Engine implements AutoCloseable {
        final Suite suite;
        final List<CueFamily> families;
        final AuditConfig config;
        final Detector detector = ActionsDetector.withInstalledInspector();
        private final ManagedModel model;

        Engine(FakeModelServer server, Suite suite, List<CueFamily> families) {
            this.suite = suite;
            this.families = families;
            this.config = new AuditConfig("openai:bench", server.openAiBaseUrl(), "agent-steps", List.of(FAMILY), 1, null, null,
                    1, false, null, ActionsDetector.NAME, null, 1, 0.05);
            this.model = Models.open("openai:bench", ModelSettings.defaults().withBaseUrl(server.openAiBaseUrl())
                    .withConcurrency(1).withEnvironment(name -> null));
        }

        /**
         * The agent loop alone: every attempt of {@code audit} played again by {@link AgentRunner} on a fresh framed
         * environment, one after the other on this thread, with no run log, no detector and no audit around it.
         */
        void runAlone(RunContents audit) {
            for (Attempt attempt : audit.attempts()) {
                Scenario scenario = scenario(suite, attempt);
                Framing framing = framing(families, attempt);
                Environment environment = scenario.agent().setup(framing.files(), framing.banner()).newEnvironment();
                AgentRunner.Played played = new AgentRunner(model, UnaryOperator.identity())
                        .play(attempt.request(), environment, scenario.agent().steps());
                if (!played.succeeded() || played.trajectory().steps().size() != AgentScript.STEPS) {
                    throw new IllegalStateException("the agent loop alone did not play " + attempt.id());
                }
            }
        }

        /** One audit of the suite, with its run log on disk. */
        RunContents audit(Path runLog) {
            return Audit.builder().config(config).suite(suite).families(families).model(model).detector(detector)
                    .runLog(runLog).build().run();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The engine's own parts, per step, timed one by one on the recorded attempts: a fresh framed environment
     * with every tool call applied (and the tools offered each step), the actions detector's verdict, and the
     * attempt's and verdict's lines appended to a run log; and once per audit, the run log created with its header
     * and closed (fsync), in milliseconds.
     */
    record Breakdown(double[] environment, double[] detector, double[] runLog, double[] runLogOpenCloseMillis) {

        static final int WARMUP = 300;
        static final int ITERATIONS = 600;
        static final int OPEN_CLOSE = 100;

        static Breakdown measure(Engine engine, Suite suite, List<CueFamily> families, RunContents audit) throws IOException {
            List<Attempt> attempts = audit.attempts();
            int n = ITERATIONS * attempts.size();
            double[] env = new double[n];
            double[] det = new double[n];
            double[] log = new double[n];
            Path dir = Files.createTempDirectory("probation-agent-bench");
            try {
                RunLog runLog = null;
                for (int it = -WARMUP; it < ITERATIONS; it++) {
                    if (it % 100 == 0) { // a fresh file now and then, so that it stays small
                        if (runLog != null) {
                            runLog.close();
                        }
                        Path file = dir.resolve("run-" + (it + WARMUP) + ".jsonl");
                        runLog = RunLog.create(file, RunHeader.of(engine.config, suite, families));
                    }
                    for (int a = 0; a < attempts.size(); a++) {
                        Attempt attempt = attempts.get(a);
                        Scenario scenario = scenario(suite, attempt);
                        int steps = attempt.trajectory().steps().size();
                        long t0 = System.nanoTime();
                        replayEnvironment(scenario, attempt, families);
                        long t1 = System.nanoTime();
                        Verdict verdict = AttemptJudge.judge(engine.detector, scenario, attempt, families);
                        long t2 = System.nanoTime();
                        runLog.append(attempt);
                        runLog.append(attempt.id(), verdict);
                        long t3 = System.nanoTime();
                        if (it >= 0) {
                            int i = it * attempts.size() + a;
                            env[i] = (t1 - t0) / 1e3 / steps;
                            det[i] = (t2 - t1) / 1e3 / steps;
                            log[i] = (t3 - t2) / 1e3 / steps;
                        }
                    }
                }
                runLog.close();
                double[] openClose = new double[OPEN_CLOSE];
                for (int i = -OPEN_CLOSE / 5; i < OPEN_CLOSE; i++) {
                    Path file = dir.resolve("open-" + (i + OPEN_CLOSE) + ".jsonl");
                    long t0 = System.nanoTime();
                    RunLog.create(file, RunHeader.of(engine.config, suite, families)).close();
                    if (i >= 0) {
                        openClose[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                return new Breakdown(env, det, log, openClose);
            } finally {
                delete(dir);
            }
        }

        /** What AgentAttempt and AgentRunner do with the environment for one attempt. */
        private static void replayEnvironment(Scenario scenario, Attempt attempt, List<CueFamily> families) {
            Framing framing = framing(families, attempt);
            Environment environment = scenario.agent().setup(framing.files(), framing.banner()).newEnvironment();
            for (Step step : attempt.trajectory().steps()) {
                if (environment.tools().isEmpty()) {
                    throw new IllegalStateException("no tools");
                }
                for (ToolCall call : step.calls()) {
                    environment.apply(call);
                }
            }
            if (!environment.state().equals(attempt.trajectory().finalState())) {
                throw new IllegalStateException("the replayed environment differs from the recorded one");
            }
        }
    }

    static Scenario scenario(Suite suite, Attempt attempt) {
        return suite.scenarios().stream().filter(s -> s.id().equals(attempt.scenario())).findFirst().orElseThrow();
    }

    static Framing framing(List<CueFamily> families, Attempt attempt) {
        return families.stream().filter(f -> f.name().equals(attempt.family())).findFirst().orElseThrow().framing(attempt.side());
    }

    static String familyName() {
        return FAMILY;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String micros(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    private AgentSteps() {}
}
