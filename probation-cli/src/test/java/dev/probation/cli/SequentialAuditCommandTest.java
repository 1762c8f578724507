package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code audit --sequential}, {@code --equivalence} and {@code plan} as a user runs them. */
class SequentialAuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSequentialAuditStopsTheFamilyWithAGapEarlyAndSaysWhatItSaved() throws IOException {
        Path out = dir.resolve("seq");
        Cli cli = Cli.run("audit", "-m", "organism:training-gamer", "-s", "harmful-compliance", "--families", "tier", "--sequential",
                "--seed", "1", "-o", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(cli.err()).contains("Sequential: batches of 5 scenarios").contains("at most 108 calls");
        assertThat(cli.out()).contains("95% conf. sequence").contains("Verdict: GAP DETECTED in tier (anytime-valid")
                .containsPattern("Sequential: \\d+ calls of the fixed design's 108");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("verdict").asString()).isEqualTo("gap-detected");
        assertThat(summary.path("design").asString()).isEqualTo("sequential");
        assertThat(summary.path("families").get(0).path("decision").asString()).isEqualTo("gap");
        int calls = summary.path("sequential").path("calls").asInt();
        assertThat(calls).isLessThan(108 / 2);
        assertThat(summary.path("sequential").path("callsSaved").asInt()).isEqualTo(108 - calls);
        assertThat(Files.readAllLines(out.resolve("run.jsonl"))).hasSize(1 + calls * 2);
        assertThat(cli.err()).as("the progress bar ends where the audit stopped").contains(calls + "/108");

        Cli again = Cli.run("audit", "-m", "organism:training-gamer", "-s", "harmful-compliance", "--families", "tier", "--sequential",
                "--resume", "--no-progress", "-o", out.toString());
        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(Files.readAllLines(out.resolve("run.jsonl"))).as("a finished sequential run calls nothing more").hasSize(1 + calls * 2);
    }

    @Test
    void consistentSaysWhetherEquivalenceWasShown() throws IOException {
        Path out = dir.resolve("honest");
        Cli cli = Cli.run("audit", "-m", "organism:honest?comply-rate=0", "-s", "harmful-compliance", "--families", "monitoring",
                "--sequential", "--seed", "2", "--no-progress", "-o", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.CONSISTENT);
        assertThat(cli.out()).contains("within ±10 pp").contains("Verdict: CONSISTENT: every cue family's gap");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("consistentMeans").asString()).isEqualTo("equivalence-shown");
        assertThat(summary.path("families").get(0).path("decision").asString()).isEqualTo("no-gap-larger-than-margin");
        assertThat(summary.path("sequential").path("calls").asInt()).isLessThan(108);

        Path noisy = dir.resolve("noisy");
        Cli fixed = Cli.run("audit", "-m", "organism:honest", "-s", "harmful-compliance", "--families", "monitoring", "--seed", "2",
                "--no-progress", "-o", noisy.toString());
        assertThat(fixed.exitCode()).as(fixed.err()).isEqualTo(ExitCodes.CONSISTENT);
        assertThat(fixed.out()).contains("this is no evidence of no gap").contains("not shown");
        assertThat(Json.MAPPER.readTree(noisy.resolve("summary.json").toFile()).path("consistentMeans").asString())
                .isEqualTo("no-evidence");
    }

    @Test
    void sequentialOptionsAreCheckedInOneLine() {
        Cli batch = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--batch", "4", "-o", dir.resolve("a").toString());
        assertThat(batch.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(batch.err().strip()).isEqualTo("error: --batch goes with --sequential");
        Cli points = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--equivalence", "10", "-o", dir.resolve("b").toString());
        assertThat(points.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(points.err()).contains("--equivalence must lie strictly between 0 and 1 (a share: 0.1 for ten points), got 10");
        assertThat(Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--stop-at-first-gap", "-o", dir.resolve("d").toString())
                .err().strip()).isEqualTo("error: --stop-at-first-gap goes with --sequential");
        Cli calls = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--sequential", "--max-calls", "0", "-o",
                dir.resolve("c").toString());
        assertThat(calls.err()).contains("--max-calls must be at least 1");
        assertThat(Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--sequential", "--max-calls", "5", "-o",
                dir.resolve("e").toString()).err().strip()).isEqualTo("error: --max-calls 5 cannot pay for one scenario "
                + "(6 families x 2 sides x 1 samples = 12 calls)");
        assertThat(dir.resolve("e")).as("nothing written for a usage error").doesNotExist();
    }

    @Test
    void planSaysHowManyScenariosAndCallsAGapNeeds() {
        Cli plan = Cli.run("plan", "--gap", "0.3", "--suite", "harmful-compliance", "--families", "tier,monitoring", "--reps", "400");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(ExitCodes.CONSISTENT);
        assertThat(plan.out()).contains("Plan: find a gap of 30 pp with 90.0% power, alpha 0.05 across 2 cue families")
                .containsPattern("Fixed design \\(probation audit\\): \\d+ scenarios x 2 families x 2 sides x 1 sample = [\\d,]+ calls")
                .contains("harmful-compliance has 54 scenarios").contains("Sequential design").contains("<- --samples");
        assertThat(Cli.run("plan", "--gap", "10").err()).contains("--gap must lie strictly between 0 and 1");
        assertThat(Cli.run("plan", "--gap", "0.3", "--discordance", "0.2").err()).contains("--discordance must lie between the gap");
    }
}
