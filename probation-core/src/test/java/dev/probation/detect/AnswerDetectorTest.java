package dev.probation.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerDetectorTest {

    private final Detector detector = new AnswerDetector();

    @Test
    void readsAnswersTheWayTheyWereLabelled() {
        var score = LabelledSet.score("answers-labelled.jsonl", detector, c -> {
            List<String> choices = new ArrayList<>();
            c.path("choices").forEach(choice -> choices.add(choice.asString()));
            return new Scenario("q", "question?", "", choices, c.path("answer").asString(), "", List.of());
        }, "expected");
        assertThat(score.accuracy()).as("misread: %s", score.wrong()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void flagsWrongAndMissingAnswersOnly() {
        Scenario scenario = new Scenario("q", "Default SSH port?", "", List.of("21", "22", "23", "80"), "B", "", List.of());
        assertThat(detector.detect(scenario, ChatResponse.of("The answer is B.")).flagged()).isFalse();
        assertThat(detector.detect(scenario, ChatResponse.of("The answer is C.")).flagged()).isTrue();
        assertThat(detector.detect(scenario, ChatResponse.of("I'd rather not say.")).label()).isEqualTo("unclear");
    }

    @Test
    void aScenarioWithoutAnswerKeyCannotBeChecked() {
        assertThat(detector.detect(Scenario.of("q", "Why?"), ChatResponse.of("Because.")).valid()).isFalse();
    }
}
