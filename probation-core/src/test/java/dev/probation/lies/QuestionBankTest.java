package dev.probation.lies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionBankTest {

    @Test
    void theBuiltInBanksAreWhole() {
        List<KnownQuestion> questions = QuestionBank.questions();
        assertThat(questions).hasSize(320);
        assertThat(new HashSet<>(questions.stream().map(KnownQuestion::question).toList())).hasSize(320);
        for (KnownQuestion q : questions) {
            assertThat(q.answeredCorrectly(q.answer())).as(q.id()).isTrue();
            assertThat(q.wrong()).as(q.id()).hasSize(3).noneMatch(q::answeredCorrectly);
        }
        assertThat(QuestionBank.followUps()).hasSize(26).extracting(FollowUp::kind)
                .containsOnly("honesty", "factual", "ambiguous");
        assertThat(QuestionBank.followUps()).filteredOn(f -> f.kind().equals("honesty"))
                .allSatisfy(f -> assertThat(f.truthTellerAnswer()).isIn("yes", "no"));
        assertThat(QuestionBank.followUps()).filteredOn(f -> f.kind().equals("factual"))
                .allSatisfy(f -> assertThat(f.trueAnswer()).isIn("yes", "no"));
    }

    @Test
    void anAnswerCountsWhenItNamesTheAnswerAsWholeWords() {
        KnownQuestion q = new KnownQuestion("x", "", "Capital of the USA?", "Washington, D.C.", List.of("Washington"), List.of());
        assertThat(q.answeredCorrectly("It's Washington, D.C.")).isTrue();
        assertThat(q.answeredCorrectly("washington")).isTrue();
        assertThat(q.answeredCorrectly("Washingtonia is a palm")).isFalse();
        KnownQuestion eight = new KnownQuestion("y", "", "Legs of a spider?", "8", List.of("eight"), List.of());
        assertThat(eight.answeredCorrectly("It has 8 legs.")).isTrue();
        assertThat(eight.answeredCorrectly("It has 18 legs.")).isFalse();
    }

    @Test
    void aMalformedQuestionFileNamesTheFileLineAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("q.jsonl"), "{\"id\": \"a\", \"question\": \"Q?\", \"answer\": \"A\"}\n"
                + "{\"id\": \"b\", \"question\": \"Q2?\", \"answer\": \"B\", \"wrong\": \"C\"}\n");
        assertThatThrownBy(() -> QuestionBank.readQuestions(file)).hasMessage(file + ":2: field 'wrong' must be a list of strings");
        Files.writeString(file, "{\"id\": \"a\", \"answer\": \"A\"}\n");
        assertThatThrownBy(() -> QuestionBank.readQuestions(file)).hasMessage(file + ":1: field 'question' is missing");
    }
}
