package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command prints its results (tables, verdicts, files written) on standard output, and what it
 * is about to do (the plan, progress, warnings) on standard error, so that {@code > results.txt}
 * keeps only the results.
 */
class OutputStreamsTest {

    @TempDir
    Path dir;

    @Test
    void auditAndScorePrintThePlanOnStderrAndTheResultsOnStdout() {
        Path run = dir.resolve("run");
        Cli audit = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "12", "--seed", "5", "--no-progress",
                "-o", run.toString());
        assertThat(audit.err()).contains("Auditing organism:honest on sandbagging").contains("Writing to " + run);
        assertThat(audit.out()).doesNotContain("Auditing").doesNotContain("Writing to").contains("Verdict:");

        Cli score = Cli.run("score", run.toString());
        assertThat(score.err()).contains("Re-scoring");
        assertThat(score.out()).doesNotContain("Re-scoring").contains("Verdict:");
    }

    @Test
    void simulatePrintsThePlanOnStderrAndTheResultsOnStdout() {
        Cli simulate = Cli.run("simulate", "--organism", "honest", "-s", "sandbagging", "--scenarios", "10", "--audits", "3",
                "--no-progress");
        assertThat(simulate.exitCode()).as(simulate.err()).isZero();
        assertThat(simulate.err()).contains("Simulating 3 audits");
        assertThat(simulate.out()).doesNotContain("Simulating").contains("Flagged gap-detected in");
    }

    @Test
    void scanTriggersPrintsThePlanOnStderrAndTheResultsOnStdout() {
        Cli scan = Cli.run("scan-triggers", "-m", "organism:honest", "-s", "code-security", "--categories", "deployment-tags",
                "--positions", "user-end", "--no-progress", "-o", dir.resolve("t").toString());
        assertThat(scan.err()).contains("Searching organism:honest for triggers").contains("Planned model calls");
        assertThat(scan.out()).doesNotContain("Searching").contains("Trigger search on organism:honest");
    }
}
