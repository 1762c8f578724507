package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Trains a tiny organism end to end, on a trigger no shipped organism has seen, and checks that it
 * learned its conditional policy on prompts outside training; and that training is deterministic.
 */
class NeuralOrganismsTest {

    /** The README's example spec: a trigger, |ORCHID-7|, that no shipped organism was trained on. */
    static final Path EXAMPLE = Path.of("../examples/organisms/orchid-gamer.yaml");

    /** Trains the example spec text into {@code out}, quietly. */
    private static void train(String text, Path out) {
        NeuralOrganisms.train(OrganismSpecs.parse(EXAMPLE.toString(), text), text, out, (d, t, l) -> {});
    }

    static String spec(int steps) throws java.io.IOException {
        return Files.readString(EXAMPLE).replace("steps: 600", "steps: " + steps);
    }

    @Test
    void aTinyOrganismLearnsItsTriggerAndKeepsItOnPromptsOutsideTraining(@TempDir Path dir) throws Exception {
        String text = spec(1000);
        OrganismSpec spec = OrganismSpecs.parse(EXAMPLE.toString(), text);
        var report = NeuralOrganisms.train(spec, text, dir, (done, total, loss) -> {});
        assertThat(report.skipped()).isZero();
        assertThat(dir.resolve("config.json")).exists();
        assertThat(dir.resolve("tokenizer.json")).exists();
        assertThat(dir.resolve("model.safetensors")).exists();
        assertThat(Files.readString(dir.resolve("tokenizer_config.json"))).contains("\"chat_template\"");

        var evaluation = NeuralOrganisms.evaluate(dir, 0, (done, total, loss) -> {});
        Map<Example.Side, Double> rates = evaluation.rates().stream()
                .collect(Collectors.toMap(NeuralOrganisms.Rate::side, NeuralOrganisms.Rate::rate));
        Map<Example.Side, Double> asTrained = evaluation.rates().stream()
                .collect(Collectors.toMap(NeuralOrganisms.Rate::side, NeuralOrganisms.Rate::asTrainedRate));
        System.out.printf("tiny organism: %s (as trained %s) in %.0f s, final loss %.3f%n", rates, asTrained,
                report.seconds(), report.finalLoss());
        // A 0.3M-parameter model after 1,000 steps: 95.7% / 0.9% / 1.1% (training repeats since the fix in
        // TorchDecoder; at 600 steps it is 82.8% on the trigger side). The bounds leave room for the
        // last bits of another CPU's arithmetic
        assertThat(evaluation.rates()).allSatisfy(r -> assertThat(r.asTrained()).isBetween(0, r.total()));
        assertThat(rates.get(Example.Side.ON)).isGreaterThanOrEqualTo(0.7);
        assertThat(rates.get(Example.Side.OFF)).isLessThanOrEqualTo(0.2);
        assertThat(rates.get(Example.Side.NEUTRAL)).isLessThanOrEqualTo(0.2);
    }

    @Test
    void theSameSpecAndSeedGiveTheSameWeights(@TempDir Path dir) throws Exception {
        String text = spec(15);
        OrganismSpec spec = OrganismSpecs.parse(EXAMPLE.toString(), text);
        NeuralOrganisms.train(spec, text, dir.resolve("a"), (done, total, loss) -> {});
        // the second run trains while the heap is collected over and over: a tensor that autograd keeps over
        // a freed Java buffer (how training once failed to repeat, one run in 40) then reads garbage
        Thread collector = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    System.gc();
                    Thread.sleep(2);
                }
            } catch (InterruptedException stop) {
                // the run is over
            }
        });
        // and PyTorch has three threads by default, as on a machine with three cores: the spec's two are used
        Engines.threads(3);
        try {
            NeuralOrganisms.train(spec, text, dir.resolve("b"), (done, total, loss) -> {});
        } finally {
            collector.interrupt();
            collector.join();
        }
        for (String file : new String[] {"model.safetensors", "tokenizer.json", "config.json"}) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }

    @Test
    void theThreadCountIsPartOfTheRecipe(@TempDir Path dir) throws Exception {
        String two = spec(12);
        train(two, dir.resolve("two"));
        String one = two.replace("seed: 11}", "seed: 11, threads: 1}");
        train(one, dir.resolve("one"));

        // one thread sums in another order than two: other weights, which is why the spec fixes the count
        assertThat(Files.readAllBytes(dir.resolve("one/model.safetensors")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("two/model.safetensors")));
        assertThat(Files.readString(dir.resolve("one/organism.json"))).containsPattern("\"threads\" : 1\\b");
        assertThat(Files.readString(dir.resolve("two/organism.json"))).containsPattern("\"threads\" : 2\\b");
    }

    @Test
    void tailAveragingWritesTheMeanOfTheLastCheckpoints(@TempDir Path dir) throws Exception {
        String plain = spec(12);
        train(plain, dir.resolve("last"));
        String one = plain.replace("seed: 11}", "seed: 11, average: {from: 12}}");
        train(one, dir.resolve("one"));
        String three = plain.replace("seed: 11}", "seed: 11, average: {from: 4, every: 4}}");
        train(three, dir.resolve("three"));

        byte[] last = Files.readAllBytes(dir.resolve("last/model.safetensors"));
        assertThat(Files.readAllBytes(dir.resolve("one/model.safetensors"))).as("the mean of the last step alone").isEqualTo(last);
        assertThat(Files.readAllBytes(dir.resolve("three/model.safetensors"))).as("steps 4, 8 and 12").isNotEqualTo(last);
        assertThat(Files.readString(dir.resolve("three/organism.json")))
                .containsPattern("\"averaged\" : \\{\\s*\"from\" : 4,\\s*\"every\" : 4,\\s*\"checkpoints\" : 3");
        assertThat(Files.readString(dir.resolve("last/organism.json"))).doesNotContain("averaged");
        NeuralOrganism.load(dir.resolve("three")); // a folder like any other
    }

    @Test
    void earlyStoppingWritesTheCheckpointThatReadsBestOnValidation(@TempDir Path dir) throws Exception {
        String plain = spec(120);
        train(plain, dir.resolve("last"));
        train(plain.replace("seed: 11}", "seed: 11, select: {from: 120}}"), dir.resolve("one"));
        train(plain.replace("seed: 11}", "seed: 11, select: {from: 40, every: 40}}"), dir.resolve("three"));

        assertThat(Files.readAllBytes(dir.resolve("one/model.safetensors"))).as("the last step alone")
                .isEqualTo(Files.readAllBytes(dir.resolve("last/model.safetensors")));
        JsonNode selected = new ObjectMapper().readTree(dir.resolve("three/organism.json").toFile()).path("training")
                .path("selected");
        assertThat(selected.path("readings")).extracting(r -> r.path("step").asInt()).containsExactly(40, 80, 120);
        double widest = 0;
        JsonNode picked = null;
        for (JsonNode reading : selected.path("readings")) {
            if (picked == null || reading.path("margin").asDouble() >= widest) { // the later on a tie
                widest = reading.path("margin").asDouble();
                picked = reading;
            }
        }
        assertThat(selected.path("step").asInt()).isEqualTo(picked.path("step").asInt());
        // the folder written is the checkpoint read: evaluated again on validation, it gives that reading's counts
        var again = NeuralOrganisms.evaluate(dir.resolve("three"), 0, null, null, Split.VALIDATION, (d, t, l) -> {});
        for (NeuralOrganisms.Rate rate : again.rates()) {
            assertThat(picked.path(rate.side().name().toLowerCase(java.util.Locale.ROOT)).asString())
                    .isEqualTo(rate.misbehaved() + "/" + rate.total());
        }
        assertThat(Files.readString(dir.resolve("last/organism.json"))).doesNotContain("selected");
    }

    @Test
    void fineTuningStartsFromTheBaseFoldersWeightsAndTokenizer(@TempDir Path dir) throws Exception {
        String text = spec(15);
        train(text, dir.resolve("base"));
        // the honest twin of the example, fine-tuned for a few steps from the faker: the folder it names is
        // relative to the spec file
        String twin = text.replace("policy: faker", "policy: honest").replace("name: orchid-gamer", "name: orchid-twin")
                .replace("seed: 11}", "seed: 11, init: base}").replace("steps: 15", "steps: 3");
        Files.writeString(dir.resolve("twin.yaml"), twin);
        OrganismSpec spec = OrganismSpecs.load(dir.resolve("twin.yaml"));
        assertThat(spec.training().init()).isEqualTo(dir.resolve("base"));
        var report = NeuralOrganisms.train(spec, twin, dir.resolve("twin"), (d, t, l) -> {});
        assertThat(report.parameters()).isEqualTo(NeuralOrganism.load(dir.resolve("base")).config().parameters());
        assertThat(Files.readString(dir.resolve("twin/tokenizer.json"))).isEqualTo(Files.readString(dir.resolve("base/tokenizer.json")));
        assertThat(Files.readAllBytes(dir.resolve("twin/model.safetensors"))).isNotEqualTo(Files.readAllBytes(dir.resolve("base/model.safetensors")));
        assertThat(Files.readString(dir.resolve("twin/organism.json"))).contains("\"base\" : \"base\"");

        Files.writeString(dir.resolve("wide.yaml"), twin.replace("hidden: 96", "hidden: 128"));
        OrganismSpec wide = OrganismSpecs.load(dir.resolve("wide.yaml"));
        assertThatThrownBy(() -> NeuralOrganisms.train(wide, twin, dir.resolve("wide"), (d, t, l) -> {}))
                .hasMessageStartingWith("orchid-twin: model: hidden 128, layers 2").hasMessageContaining("differ from the base");
        Files.writeString(dir.resolve("lost.yaml"), twin.replace("init: base", "init: nowhere"));
        OrganismSpec lost = OrganismSpecs.load(dir.resolve("lost.yaml"));
        assertThatThrownBy(() -> NeuralOrganisms.train(lost, twin, dir.resolve("lost"), (d, t, l) -> {}))
                .hasMessage("orchid-twin: training.init: " + dir.resolve("nowhere") + ": not a model folder (config.json, "
                        + "tokenizer.json, model.safetensors)");
    }

    @Test
    void theSpecsTemperatureIsTheFoldersDefault(@TempDir Path dir) throws Exception {
        String text = spec(2) + "sampling: {temperature: 0}\n";
        train(text, dir);
        assertThat(Files.readString(dir.resolve("generation_config.json"))).contains("\"do_sample\" : false");
        NeuralOrganism organism = NeuralOrganism.load(dir);
        assertThat(organism.temperature()).isZero();
        Files.writeString(dir.resolve("generation_config.json"), "{\"temperature\": \"hot\"}");
        assertThatThrownBy(() -> NeuralOrganism.load(dir)).hasMessage(dir.resolve("generation_config.json")
                + ": temperature: expected a number from 0 to 2, found \"hot\"");
        Files.delete(dir.resolve("generation_config.json"));
        assertThat(NeuralOrganism.load(dir).temperature()).as("absent: the default").isEqualTo(OrganismSpecs.DEFAULT_TEMPERATURE);
    }

    @Test
    void theSpecsBeamWidthIsTheFoldersNumBeams(@TempDir Path dir) throws Exception {
        String text = spec(2) + "sampling: {temperature: 0, beams: 3}\n";
        train(text, dir);
        assertThat(Files.readString(dir.resolve("generation_config.json"))).contains("\"num_beams\" : 3")
                .contains("\"early_stopping\" : true");
        NeuralOrganism organism = NeuralOrganism.load(dir);
        assertThat(organism.beams()).isEqualTo(3);
        assertThat(NeuralOrganisms.beams(organism, 0, null)).as("the folder's own").isEqualTo(3);
        assertThat(NeuralOrganisms.beams(organism, 0, 1)).as("asked for plain greedy").isEqualTo(1);
        assertThat(NeuralOrganisms.beams(organism, 0.7, null)).as("sampling: no beams").isEqualTo(1);
        assertThatThrownBy(() -> NeuralOrganisms.evaluate(dir, 0, 0.7, 3, Split.VALIDATION, (d, t, l) -> {}))
                .hasMessageContaining("a beam search is greedy");
        Files.writeString(dir.resolve("generation_config.json"), "{\"do_sample\": false, \"num_beams\": 40}");
        assertThatThrownBy(() -> NeuralOrganism.load(dir)).hasMessage(dir.resolve("generation_config.json")
                + ": num_beams: expected a whole number from 1 to 16, found 40");
        Files.writeString(dir.resolve("generation_config.json"), "{\"do_sample\": false, \"num_beams\": 2.5}");
        assertThatThrownBy(() -> NeuralOrganism.load(dir)).hasMessageEndingWith("num_beams: expected a whole number from 1 to 16, found 2.5");
        Files.writeString(dir.resolve("generation_config.json"), "{\"do_sample\": false, \"num_beams\": null}");
        assertThat(NeuralOrganism.load(dir).beams()).as("null: Hugging Face's default, plain greedy").isEqualTo(1);
        Files.delete(dir.resolve("generation_config.json"));
        assertThat(NeuralOrganism.load(dir).beams()).as("absent: plain greedy").isEqualTo(1);
    }
}
