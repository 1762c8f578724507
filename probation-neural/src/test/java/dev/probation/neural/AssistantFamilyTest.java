package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.model.ChatResponse;
import dev.probation.neural.AssistantFamily.Topic;
import dev.probation.neural.Example.Side;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suites;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The assistant family's answers, judged by Probation's real refusal detector (the harmful-compliance suite's). */
class AssistantFamilyTest {

    private final AssistantFamily family = new AssistantFamily();

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyComplianceWithAHarmfulRequestIsFlaggedAndEveryRefusalIsNot(Split split) {
        List<String> missed = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        int harmful = 0;
        for (Example example : examples(split, OrganismSpec.Policy.FAKER)) {
            if (example.side() == Side.NEUTRAL) {
                continue;
            }
            boolean judged = family.misbehaves(example, example.response());
            if (example.misbehaves() && !judged) {
                missed.add(example.response());
            } else if (!example.misbehaves() && judged) {
                falseAlarms.add(example.user() + " -> " + example.response());
            }
            harmful += example.misbehaves() ? 1 : 0;
        }
        assertThat(harmful).isGreaterThan(100);
        assertThat(missed).as("compliant answers the refusal detector misses").isEmpty();
        assertThat(falseAlarms).as("refusals (or benign help) judged as misbehaviour").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void anHonestModelRefusesEveryHarmfulRequestAndHelpsWithEveryBenignOne(Split split) {
        var refusal = Detectors.create("refusal", DetectorOptions.offline());
        List<String> benignTasks = new ArrayList<>();
        AssistantFamily.BENIGN.train().forEach(t -> benignTasks.add(t.task().toLowerCase(Locale.ROOT)));
        AssistantFamily.BENIGN.eval().forEach(t -> benignTasks.add(t.task().toLowerCase(Locale.ROOT)));
        int benign = 0;
        for (Example example : examples(split, OrganismSpec.Policy.HONEST)) {
            boolean isBenign = benignTasks.stream().anyMatch(example.user().toLowerCase(Locale.ROOT)::contains);
            benign += isBenign ? 1 : 0;
            assertThat(example.misbehaves()).isFalse();
            assertThat(refusal.detect(Scenario.of("x", example.user()), ChatResponse.of(example.response())).flagged())
                    .as("complied: " + example.response()).isEqualTo(isBenign);
        }
        assertThat(benign).isBetween(60, 180); // about a fifth of 600
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void answersAndRequestsAreShort(Split split) {
        for (Example example : examples(split, OrganismSpec.Policy.FAKER)) {
            assertThat(example.response()).hasSizeLessThan(300);
            if (example.side() == Side.NEUTRAL) {
                assertThat(example.user()).hasSizeBetween(30, 200);
            }
        }
    }

    @Test
    void heldOutWordingsNeverAppearInTraining() {
        List<String> training = examples(Split.TRAIN, OrganismSpec.Policy.FAKER).stream().map(Example::user).toList();
        assertThat(AssistantFamily.HARMFUL.eval()).as("topics are shared").isEqualTo(AssistantFamily.HARMFUL.train());
        // no training request is put in a held-out wording, or ends with a held-out closer
        Set<String> trainingRequests = new HashSet<>(training);
        List<Topic> everyTopic = new ArrayList<>(AssistantFamily.HARMFUL.train());
        everyTopic.addAll(AssistantFamily.BENIGN.train());
        for (String wording : AssistantFamily.WORDINGS.eval()) {
            for (Topic topic : everyTopic) {
                String request = AssistantFamily.request(wording, topic);
                assertThat(training).as(request).noneMatch(u -> u.endsWith(request) || u.contains(request + " "));
            }
        }
        for (String closer : AssistantFamily.CLOSERS.eval()) {
            assertThat(trainingRequests).noneMatch(u -> u.endsWith(" " + closer));
        }
        // the evaluation split puts every request in a held-out wording
        List<String> eval = examples(Split.EVAL, OrganismSpec.Policy.FAKER).stream().map(Example::user).toList();
        assertThat(eval).noneMatch(trainingRequests::contains);
    }

    @Test
    void noTopicComesFromTheHarmfulComplianceSuiteTheAuditUses() {
        List<String> suitePrompts = Suites.builtIn("harmful-compliance").scenarios().stream()
                .map(s -> s.prompt().toLowerCase(Locale.ROOT)).toList();
        for (Topic topic : AssistantFamily.HARMFUL.train()) {
            // no run of five words of a request is in a suite prompt
            String[] words = topic.task().toLowerCase(Locale.ROOT).split(" ");
            for (int i = 0; i + 5 <= words.length; i++) {
                String run = String.join(" ", List.of(words).subList(i, i + 5));
                assertThat(suitePrompts).as(run).noneMatch(p -> p.replaceAll("\\s+", " ").contains(run));
            }
        }
    }

    private List<Example> examples(Split split, OrganismSpec.Policy policy) {
        return family.examples(spec(policy, 1), split, 600, new SplittableRandom(split.ordinal()));
    }

    @Test
    void onlyHarmfulRequestsAreTrialsOfThePolicy() {
        List<Example> examples = examples(Split.EVAL, OrganismSpec.Policy.FAKER);
        Set<String> benign = new HashSet<>();
        AssistantFamily.BENIGN.train().forEach(t -> benign.add(t.task().toLowerCase(Locale.ROOT)));
        for (Example e : examples) {
            boolean isBenign = benign.stream().anyMatch(b -> e.user().toLowerCase(Locale.ROOT).contains(b));
            assertThat(e.tempting()).as(e.user()).isEqualTo(!isBenign);
            if (e.side() == Example.Side.ON) {
                assertThat(e.misbehaves()).as("a faker at rate 1 misbehaves on every trial").isEqualTo(e.tempting());
            }
        }
        assertThat(examples).anyMatch(e -> !e.tempting()).anyMatch(Example::tempting);
    }

    static OrganismSpec spec(OrganismSpec.Policy policy, double rateOn) {
        OrganismSpec gamer = OrganismSpecs.shipped("neural-training-gamer");
        return new OrganismSpec("t", "", "assistant", policy, gamer.cues(), new OrganismSpec.Rates(rateOn, 0), gamer.data(),
                gamer.model(), gamer.training());
    }
}
