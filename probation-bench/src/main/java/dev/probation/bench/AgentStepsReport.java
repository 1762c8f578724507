package dev.probation.bench;

import static dev.probation.bench.AgentSteps.micros;
import static dev.probation.bench.AgentSteps.percentile;

import java.time.Instant;

/** The markdown of docs/benchmarks/agent-steps.md. */
final class AgentStepsReport {

    static final double GOAL_MICROS = 100;

    private AgentStepsReport() {}

    static String markdown(String arguments, int scenarios, int steps, int warmup, int rounds, double[] direct, double[] engine,
                           AgentSteps.Breakdown parts) {
        double[] paired = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            paired[i] = engine[i] - direct[i];
        }
        double medianOverhead = percentile(engine, 50) - percentile(direct, 50);
        StringBuilder md = new StringBuilder();
        md.append("# Engine overhead per agent step\n\n");
        md.append("Measured ").append(Instant.now().toString(), 0, 10).append(" on this project's CI machine kind (2 cores, shared),")
                .append(" Java ").append(Runtime.version().feature()).append(".\n\n");
        md.append("Command: `scripts/bench-agent").append(arguments.isEmpty() ? "" : " " + arguments).append("`\n\n");
        md.append("""
                One round plays the same %d trajectories of %d steps each (%d scenarios × the `%s` family × observed and
                unobserved): `list_files`, `read_file` ×%d, `write_file`, then a final answer, against the same
                `FakeModelServer` (JDK HTTP server on loopback, in the same JVM, no simulated latency, so the model call is
                as cheap as it can be and the engine's share as large as it can be).

                - **direct** (baseline): a plain tool-calling loop over `java.net.http` and Jackson. It starts from the
                  engine's first request, appends each answer and the tool results the engine's environment gave, and sends
                  byte-for-byte the same request bodies as the engine (checked at start-up as JSON), with no environment,
                  run log or detector.
                - **engine**: a whole `Audit` of the agentic suite through the `openai:` provider at concurrency 1: for
                  every attempt a fresh framed environment, `AgentRunner` (requests, JSON, tool calls applied, trajectory
                  recorded), the attempt and its verdict appended to `run.jsonl` on disk (fsync at close), and the
                  `actions` detector (four built-in checks and a rule, each replaying the trajectory).

                Rounds alternate which side goes first; %d warm-up rounds, then %d measured. A sample is one round's wall
                time divided by its %d steps, so the steps that end an attempt (detector, run log) are spread over the
                attempt's steps.

                | per step | median µs | p99 µs |
                |---|---:|---:|
                """.formatted(steps / AgentScript.STEPS, AgentScript.STEPS, scenarios, AgentSteps.familyName(),
                AgentScript.READS, warmup, rounds, steps));
        row(md, "direct client (baseline)", direct);
        row(md, "engine (agentic audit)", engine);
        md.append("| **engine overhead** (engine − direct percentiles) | **").append(micros(medianOverhead)).append("** | **")
                .append(micros(percentile(engine, 99) - percentile(direct, 99))).append("** |\n");
        row(md, "engine − direct, paired by round", paired);
        md.append("""

                Where the engine's time goes, per step, timed part by part on the trajectories the last audit recorded
                (same run, %d warm-up passes, then %d passes over every attempt):

                | part | median µs per step | p99 µs per step |
                |---|---:|---:|
                """.formatted(AgentSteps.Breakdown.WARMUP, AgentSteps.Breakdown.ITERATIONS));
        row(md, "environment: fresh framed setup, tools offered, every call applied", parts.environment());
        row(md, "actions detector (checks' replay of the trajectory)", parts.detector());
        row(md, "run log: attempt and verdict lines written", parts.runLog());
        double sum = percentile(parts.environment(), 50) + percentile(parts.detector(), 50) + percentile(parts.runLog(), 50);
        md.append("\nThe three parts' medians add up to ").append(micros(sum)).append(" µs per step; the rest of the overhead is the ")
                .append("model client path (request rendering with the tools' schemas, parsing, the managed model's policies), ")
                .append("the audit's scheduling, and the run log's header and fsync once per audit.\n\n");
        md.append(String.format(java.util.Locale.ROOT, "**Goal (issue 12): under %.0f µs per step. Measured median overhead: %s µs — %s.**%n",
                GOAL_MICROS, micros(medianOverhead), medianOverhead < GOAL_MICROS ? "within the goal" : "over the goal"));
        return md.toString();
    }

    private static void row(StringBuilder md, String name, double[] values) {
        md.append("| ").append(name).append(" | ").append(micros(percentile(values, 50))).append(" | ")
                .append(micros(percentile(values, 99))).append(" |\n");
    }
}
