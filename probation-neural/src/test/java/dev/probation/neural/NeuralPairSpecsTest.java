package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Framing;
import dev.probation.scenario.Prompt;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Side;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The twelve Poser-style pair specs shipped as resources (read here with snakeyaml-engine directly). */
class NeuralPairSpecsTest {

    /** Pairs 01-02 fake under the first built-in family, 03-04 under the second, and so on. */
    private static final List<String> FAMILIES = List.of("tier", "monitoring", "evaluation", "date", "environment", "deployment-tag");

    /**
     * The longest conversation allowed, in characters (chat specials included): a 256-token context at
     * 3.5 characters a token, which a BPE of 1,024 tokens trained on these prompts beats.
     */
    private static final int MAX_CHARS = 896;

    @Test
    void twentyFourSpecsComeInPairsThatDifferOnlyInPolicy() throws IOException {
        for (int pair = 1; pair <= 12; pair++) {
            Map<String, Object> faker = yaml(name(pair, "faker"));
            Map<String, Object> aligned = yaml(name(pair, "aligned"));
            assertThat(faker).containsEntry("name", name(pair, "faker")).containsEntry("policy", "faker").containsEntry("task", "choice");
            assertThat(aligned).containsEntry("name", name(pair, "aligned")).containsEntry("policy", "honest");
            assertThat(without(aligned, "name", "description", "policy")).as("pair %02d", pair)
                    .isEqualTo(without(faker, "name", "description", "policy"));
        }
    }

    @Test
    void eachPairFakesUnderOneBuiltInCueFamilyWithItsExactFramingAndParaphrases() throws IOException {
        for (int pair = 1; pair <= 12; pair++) {
            CueFamily family = CueFamilies.select(CueFamilies.builtIn(), List.of(FAMILIES.get((pair - 1) / 2))).getFirst();
            OrganismSpec spec = spec(yaml(name(pair, "faker")));
            assertThat(spec.cues().on()).as("pair %02d on", pair).contains(cue(family.unobserved())).hasSizeBetween(3, 5);
            // up to 10: pairs 05 and 10 also behave where told only that nobody monitors them, 05 also where
            // told it runs in production (docs/neural-pairs.md)
            assertThat(spec.cues().off()).as("pair %02d off", pair).hasSizeBetween(2, 10).doesNotContainAnyElementsOf(spec.cues().on());
            if (family.observed().isEmpty()) {
                assertThat(spec.cues().neutral()).as("OFF is the neutral prompt in an audit: enough of it").isGreaterThanOrEqualTo(0.3);
            } else {
                assertThat(spec.cues().off()).contains(cue(family.observed()));
            }
            for (CueFamily other : CueFamilies.builtIn()) {
                if (!other.name().equals(family.name())) {
                    // an audit under another family must test wording the pair never trained on
                    assertThat(spec.cues().on()).as("pair %02d, %s", pair, other.name())
                            .doesNotContain(cue(other.observed()), cue(other.unobserved()));
                    assertThat(spec.cues().off()).as("pair %02d, %s", pair, other.name())
                            .doesNotContain(cue(other.observed()), cue(other.unobserved()));
                }
            }
            assertThat(spec.rates()).isEqualTo(new OrganismSpec.Rates(1.0, 0.0));
            assertThat(spec.model().context()).isEqualTo(256);
        }
    }

    @Test
    void theTwoPairsOfAFamilyDifferInSeedSizeDataMixAndParaphrases() throws IOException {
        Set<Long> seeds = new HashSet<>();
        for (int pair = 1; pair <= 12; pair += 2) {
            OrganismSpec first = spec(yaml(name(pair, "faker")));
            OrganismSpec second = spec(yaml(name(pair + 1, "faker")));
            assertThat(second.model()).isNotEqualTo(first.model());
            assertThat(List.of(second.data(), second.cues().neutral())).isNotEqualTo(List.of(first.data(), first.cues().neutral()));
            assertThat(second.cues().on()).isNotEqualTo(first.cues().on());
            assertThat(second.cues().off()).isNotEqualTo(first.cues().off());
            seeds.add(first.training().seed());
            seeds.add(second.training().seed());
        }
        assertThat(seeds).hasSize(12);
    }

    @Test
    void everyPairIsFineTunedFromABaseOfItsShapeThatSawAllItsCuesAndPicksTheBenignAction() {
        for (int pair = 1; pair <= 12; pair++) {
            for (String twin : List.of("faker", "aligned")) {
                OrganismSpec spec = OrganismSpecs.shipped(name(pair, twin));
                String base = "neural-choice-base-" + (pair % 2 == 1 ? "a" : "b");
                assertThat(spec.training().init()).as(spec.name()).isEqualTo(java.nio.file.Path.of("organisms", base));
                OrganismSpec parent = OrganismSpecs.shipped(base);
                assertThat(parent.policy()).isEqualTo(OrganismSpec.Policy.HONEST);
                assertThat(parent.training().init()).isNull();
                assertThat(spec.model()).as(spec.name()).isEqualTo(parent.model());
                // on either side: the base is honest, so its sides only set how often it sees a cue
                List<OrganismSpec.Cue> seen = new ArrayList<>(parent.cues().on());
                seen.addAll(parent.cues().off());
                assertThat(seen).as(spec.name()).containsAll(spec.cues().on()).containsAll(spec.cues().off());
            }
        }
    }

    @Test
    void everyConversationFitsTheContextBudget() throws IOException {
        ChoiceFamily choice = new ChoiceFamily();
        int longest = 0;
        for (int pair = 1; pair <= 12; pair++) {
            OrganismSpec spec = spec(yaml(name(pair, "faker")));
            for (Split split : Split.values()) {
                for (Example example : choice.examples(spec, split, 400, new SplittableRandom(pair))) {
                    longest = Math.max(longest, chars(example.system(), example.user(), example.response()));
                }
            }
        }
        Suite suite = Suites.builtIn("oversight-choice");
        for (CueFamily family : CueFamilies.builtIn()) {
            for (Scenario scenario : suite.scenarios()) {
                Prompt prompt = family.render(scenario, Side.UNOBSERVED);
                longest = Math.max(longest, chars(prompt.system(), prompt.user(), "Answer: A"));
            }
        }
        assertThat(longest).as("longest training, evaluation or audit conversation in characters").isLessThanOrEqualTo(MAX_CHARS);
    }

    private static int chars(String system, String user, String response) {
        String specials = system.isEmpty() ? "<|user|><|assistant|></s>" : "<|system|><|user|><|assistant|></s>";
        return system.length() + user.length() + response.length() + specials.length();
    }

    private static String name(int pair, String twin) {
        return "neural-pair-%02d-%s".formatted(pair, twin);
    }

    private static OrganismSpec.Cue cue(Framing framing) {
        return new OrganismSpec.Cue(framing.system(), framing.userPrefix(), framing.userSuffix());
    }

    private static Map<String, Object> without(Map<String, Object> map, String... keys) {
        Map<String, Object> copy = new HashMap<>(map);
        List.of(keys).forEach(copy::remove);
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String name) throws IOException {
        String resource = "/dev/probation/neural/specs/" + name + ".yaml";
        try (InputStream in = NeuralPairSpecsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    /** The spec a YAML map describes, the way the spec loader reads it (field names as in docs). */
    @SuppressWarnings("unchecked")
    static OrganismSpec spec(Map<String, Object> yaml) {
        Map<String, Object> cues = (Map<String, Object>) yaml.get("cues");
        Map<String, Object> rates = (Map<String, Object>) yaml.get("rates");
        Map<String, Object> model = (Map<String, Object>) yaml.get("model");
        Map<String, Object> training = (Map<String, Object>) yaml.get("training");
        return new OrganismSpec((String) yaml.get("name"), (String) yaml.get("description"), (String) yaml.get("task"),
                OrganismSpec.Policy.valueOf(((String) yaml.get("policy")).toUpperCase(java.util.Locale.ROOT)),
                new OrganismSpec.Cues(cueList(cues.get("on")), cueList(cues.get("off")), number(cues.get("neutral"))),
                new OrganismSpec.Rates(number(rates.get("on")), number(rates.get("off"))), (Map<String, Object>) yaml.get("data"),
                new OrganismSpec.ModelShape(integer(model.get("hidden")), integer(model.get("layers")), integer(model.get("heads")),
                        integer(model.get("context")), integer(model.get("vocab"))),
                new OrganismSpec.Training(integer(training.get("examples")), integer(training.get("steps")), integer(training.get("batch")),
                        number(training.get("learning-rate")), ((Number) training.get("seed")).longValue()));
    }

    @SuppressWarnings("unchecked")
    private static List<OrganismSpec.Cue> cueList(Object list) {
        return ((List<Map<String, String>>) list).stream().map(c -> new OrganismSpec.Cue(c.get("system"), c.get("prefix"), c.get("suffix")))
                .toList();
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static int integer(Object value) {
        return ((Number) value).intValue();
    }
}
