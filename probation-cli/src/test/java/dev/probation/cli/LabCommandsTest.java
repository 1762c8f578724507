package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code unmask} and {@code intoxicate} as a user runs them, on shipped pairs, kept small. */
class LabCommandsTest {

    private static final String[] SMALL = {"--inputs", "6", "--samples", "1", "--doses", "0,1", "--seed", "3"};

    private static Cli run(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(SMALL))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    @Test
    void unmaskPrintsItsContractAsJson() throws Exception {
        Cli cli = run("unmask", "--models", "organism:neural-pair-04-faker,organism:neural-pair-04-aligned",
                "--scales", "2", "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(cli.out());
        assertThat(result.path("first").asString()).isEqualTo("organism:neural-pair-04-faker");
        assertThat(result.path("inputs")).hasSize(6);
        assertThat(result.path("strategies")).hasSize(3).allSatisfy(s -> {
            assertThat(s.has("name") && s.has("faker") && s.has("confidence")).as(s.toString()).isTrue();
            assertThat(s.path("confidence").asDouble()).isBetween(0.0, 1.0);
        });
        assertThat(result.has("faker")).isTrue();
    }

    @Test
    void unmaskAllPairsReportsAccuracyWithItsInterval() throws Exception {
        Cli cli = Cli.run("unmask", "--all-pairs", "--strategies", "noise", "--format", "json", "--inputs", "3",
                "--samples", "1", "--doses", "0,1");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(cli.out());
        assertThat(result.path("pairs").asInt()).isEqualTo(12);
        int correct = result.path("correct").asInt();
        assertThat(result.path("accuracy").asDouble()).isEqualTo(correct / 12.0);
        assertThat(result.path("ciLow").asDouble()).isLessThanOrEqualTo(correct / 12.0);
        assertThat(result.path("ciHigh").asDouble()).isGreaterThanOrEqualTo(correct / 12.0);
        assertThat(result.path("perStrategy")).hasSize(1).first().satisfies(s -> {
            assertThat(s.path("name").asString()).isEqualTo("noise");
            assertThat(s.has("correct") && s.has("accuracy")).isTrue();
        });
    }

    @Test
    void intoxicatePrintsADoseResponsePerModelAndTheirDifference() {
        Cli cli = run("intoxicate", "-m", "organism:neural-pair-04-faker", "-m", "organism:neural-pair-04-aligned");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Intoxication on 6 inputs where both models behave").contains("First minus second")
                .containsPattern("\\n  0 +\\d+\\.\\d% +\\d+\\.\\d%").containsPattern("\\n  1 +\\d+\\.\\d%");
    }

    @Test
    void aFamiliesFileFramesTheInputsAlone() throws Exception {
        Cli cli = run("unmask", "--models", "organism:neural-pair-04-faker,organism:neural-pair-04-aligned",
                "--strategies", "steering", "--families-file", "../examples/pairs/night-shift-family.yaml", "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Json.MAPPER.readTree(cli.out()).path("inputs")).hasSize(6)
                .allSatisfy(id -> assertThat(id.asString()).endsWith("/night-shift"));
        Cli missing = run("unmask", "--models", "organism:neural-pair-04-faker,organism:neural-pair-04-aligned",
                "--families-file", "no-such-families.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no-such-families.yaml");
    }

    @Test
    void outWritesAReportAndTheSummary(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("lab");
        Cli cli = run("unmask", "--models", "organism:neural-pair-04-faker,organism:neural-pair-04-aligned",
                "--strategies", "noise,steering", "--scales", "2", "-o", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Report: " + out.resolve("report.html"));
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(out.resolve("report.html").toFile());
        assertThat(page.select("svg circle")).hasSize(2);
        assertThat(page.select("script, link, img")).isEmpty();
        assertThat(Json.MAPPER.readTree(out.resolve("summary.json").toFile()).path("strategies")).hasSize(2);
        assertThat(run("unmask", "--models", "organism:neural-pair-04-faker,organism:neural-pair-04-aligned",
                "--strategies", "steering", "--scales", "2", "-o", out.toString()).exitCode()).as("its own report: rewritten").isZero();
        java.nio.file.Files.writeString(dir.resolve("mine.txt"), "keep");
        Cli refused = run("intoxicate", "-m", "organism:neural-pair-04-faker", "-o", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(dir.resolve("mine.txt")).hasContent("keep");
    }

    @Test
    void badInputIsAUsageError() {
        assertThat(Cli.run("unmask", "--models", "organism:neural-pair-04-faker").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli twoPairs = Cli.run("unmask", "--models", "organism:neural-pair-04-faker,organism:neural-pair-04-aligned",
                "--models", "organism:neural-pair-06-faker,organism:neural-pair-06-aligned");
        assertThat(twoPairs.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twoPairs.err()).contains("found 4 (one pair per run; --all-pairs runs every shipped pair)");
        Cli closed = Cli.run("unmask", "--models", "openai:gpt-4o,organism:neural-pair-04-aligned");
        assertThat(closed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(closed.err()).contains("open weights");
        assertThat(Cli.run("intoxicate", "-m", "organism:neural-pair-04-faker", "--doses", "-1").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("unmask", "--all-pairs", "--strategies", "tarot").err()).contains("unknown strategy 'tarot'");
    }

    @Test
    void probeTrainWritesAProbeThatScanApplies(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("probe");
        Cli train = Cli.run("probe", "train", "-m", "organism:neural-pair-03-faker", "--families", "monitoring", "-o",
                out.toString(), "--format", "json");
        assertThat(train.exitCode()).as(train.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(train.out());
        assertThat(summary.path("contrast").asString()).isEqualTo("framing:oversight-choice:monitoring");
        assertThat(summary.path("layers")).hasSize(2).allSatisfy(l -> assertThat(l.has("auroc") && l.has("ciLow")).isTrue());
        assertThat(out.resolve("probe.json")).exists();
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(out.resolve("report.html").toFile());
        assertThat(page.select("svg circle")).hasSize(2);

        Cli scan = Cli.run("probe", "scan", "--probe", out.toString(), "-m", "organism:neural-pair-03-faker",
                "--families", "monitoring,date");
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("Scan of framing:oversight-choice:monitoring+date")
                .contains("(336 examples of groups the probe was fitted on are scored but left out of these figures)")
                .containsPattern("\\n  monitoring +36 +\\d+\\.\\d% +36 +\\d+\\.\\d% +0\\.9\\d\\d");
    }

    @Test
    void anUnsupervisedProbeReportsItsMethodAndTheVarianceEachLayerExplains(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path out = dir.resolve("pca");
        Cli train = Cli.run("probe", "train", "-m", "organism:neural-pair-03-faker", "--method", "pca", "--families",
                "monitoring", "-o", out.toString(), "--format", "json");
        assertThat(train.exitCode()).as(train.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(train.out());
        assertThat(summary.path("method").asString()).isEqualTo("pca");
        assertThat(summary.path("orient").asString()).isEqualTo("yes-no");
        assertThat(summary.path("readAt").isNull()).isTrue();
        assertThat(summary.path("explained")).hasSize(2).allSatisfy(e -> assertThat(e.asDouble()).isBetween(0.0, 1.0));
        int kept = summary.path("layer").asInt();
        assertThat(summary.path("explained").get(kept).asDouble())
                .isEqualTo(Math.max(summary.path("explained").get(0).asDouble(), summary.path("explained").get(1).asDouble()));
        JsonNode probe = Json.MAPPER.readTree(out.resolve("probe.json").toFile());
        assertThat(probe.path("centres").has("")).isTrue();
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(out.resolve("report.html").toFile());
        assertThat(page.text()).contains("Method pca (unsupervised");

        String[] base = {"probe", "train", "-m", "organism:neural-pair-03-faker", "-o", dir.resolve("x").toString()};
        java.util.function.Function<String[], Cli> with = extra -> Cli.run(java.util.stream.Stream.concat(
                java.util.Arrays.stream(base), java.util.Arrays.stream(extra)).toArray(String[]::new));
        Cli orientAlone = with.apply(new String[] {"--orient", "yes-no"});
        assertThat(orientAlone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(orientAlone.err()).contains("--orient: signs the components of --method pca; found --method mean-difference");
        Cli badPattern = with.apply(new String[] {"--read-at", "("});
        assertThat(badPattern.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badPattern.err()).contains("--read-at: not a regular expression");
        Cli starts = with.apply(new String[] {"--read-at", "x", "--contrast", "yes-no"});
        assertThat(starts.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(starts.err()).contains("--read-at: the probe reads the model's own answer (at /x/), and --contrast yes-no "
                + "gives the start of answers");
        Cli method = with.apply(new String[] {"--method", "kmeans"});
        assertThat(method.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(method.err()).contains("--method: expected one of mean-difference, pca, found 'kmeans'");
    }

    @Test
    void probeUsageErrorsNameTheOption(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Cli noOut = Cli.run("probe", "train", "-m", "organism:neural-pair-03-faker");
        assertThat(noOut.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noOut.err()).contains("--out: required");
        Cli badContrast = Cli.run("probe", "train", "-m", "organism:neural-pair-03-faker", "--contrast", "nope", "-o",
                dir.resolve("x").toString());
        assertThat(badContrast.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badContrast.err()).contains("--contrast: expected framing, yes-no, truthful-lying, held-out, validation or a "
                + "JSON Lines file, found 'nope'");
        Cli api = Cli.run("probe", "train", "-m", "openai:gpt-4o", "--contrast", "yes-no", "-o", dir.resolve("y").toString());
        assertThat(api.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(api.err()).contains("--model: openai:gpt-4o: the lab needs open weights");
        Cli unusedSuite = Cli.run("probe", "train", "-m", "organism:neural-pair-03-faker", "--contrast", "yes-no",
                "--families", "monitoring", "-o", dir.resolve("z").toString());
        assertThat(unusedSuite.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unusedSuite.err()).contains("--families: only --contrast framing reads a suite and its families; "
                + "found --contrast yes-no");
        java.nio.file.Files.writeString(dir.resolve("probe.json"), "not a probe");
        Cli badProbe = Cli.run("probe", "scan", "--probe", dir.resolve("probe.json").toString(), "-m",
                "organism:neural-pair-03-faker");
        assertThat(badProbe.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badProbe.err()).contains("--probe: " + dir.resolve("probe.json") + ": not a probe");
        // a Hugging Face folder runs on Jlama, which cannot be fine-tuned: refused before any work
        java.nio.file.Path hf = java.nio.file.Files.createDirectories(dir.resolve("hf"));
        java.nio.file.Path shipped = java.nio.file.Path.of(
                "../probation-neural/src/main/resources/dev/probation/neural/organisms/neural-pair-03-faker");
        for (String file : java.util.List.of("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors")) {
            java.nio.file.Files.copy(shipped.resolve(file), hf.resolve(file));
        }
        Cli jlamaFineTune = Cli.run("unmask", "--models", "local:" + hf + ",organism:neural-pair-03-faker");
        assertThat(jlamaFineTune.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(jlamaFineTune.err()).contains("--strategies: local:" + hf + " cannot be fine-tuned here");
    }
}
