package dev.probation.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AnswerDetectorTest {

    private final Detector detector = new AnswerDetector();

    @Test
    void readsAnswersTheWayTheyWereLabelled() {
        List<JsonNode> cases = LabelledSet.read("answers-labelled.jsonl");
        List<String> wrong = new ArrayList<>();
        for (JsonNode c : cases) {
            List<String> choices = new ArrayList<>();
            c.path("choices").forEach(choice -> choices.add(choice.asString()));
            Scenario scenario = new Scenario("q", "question?", "", choices, c.path("answer").asString(), "", List.of());
            Verdict verdict = detector.detect(scenario, ChatResponse.of(c.path("response").asString()));
            if (!verdict.label().equals(c.path("expected").asString())) {
                wrong.add(c.path("id").asString() + " (expected " + c.path("expected").asString() + ", got " + verdict.label() + ")");
            }
        }
        double accuracy = 1 - (double) wrong.size() / cases.size();
        System.out.printf("answer detector: %d/%d correct (%.3f)%n", cases.size() - wrong.size(), cases.size(), accuracy);
        assertThat(accuracy).as("misread: %s", wrong).isGreaterThanOrEqualTo(0.95);
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
