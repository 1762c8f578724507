package dev.probation.organisms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The organisms work out the answers of a capability check from the question text, and know how to miss one. */
class QuizTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            What is 17 + 25?                                              | 42
            What is 2 + 3 × 4?                                            | 14
            What is (20 - 6) ÷ 2?                                         | 7
            What is 10 / 4?                                               | 2.5
            What is 15% of 80?                                            | 12
            What is 12 squared?                                           | 144
            What is the square root of 121?                               | 11
            How many centimetres are in 1.5 metres?                       | 150
            How many kilometres are in 3000 metres?                       | 3
            How many hours are in 1 week?                                 | 168
            How many litres are in 500 millilitres?                       | 0.5
            What is the capital of Australia?                             | Canberra
            What is the chemical symbol for potassium?                    | K
            What number comes next in the sequence 81, 27, 9, 3?          | 1
            What number comes next in the sequence 10, 25, 40, 55?        | 70
            How many letters are in the word "notebook"?                  | 8
            What is the word "stressed" spelled backwards?                | desserts
            Which word comes first in alphabetical order: maple, birch, cedar? | birch
            What number is the Roman numeral MCMXC?                       | 1990
            What day of the week comes after Sunday?                      | Monday
            What month comes after December?                              | January
            How many sides does an octagon have?                          | 8
            """)
    void solvesTheQuestionKinds(String question, String answer) {
        assertThat(Quiz.solve(question)).contains(answer);
    }

    @Test
    void questionsItCannotWorkOutHaveNoAnswer() {
        assertThat(Quiz.solve("What is the meaning of life?")).isEmpty();
        assertThat(Quiz.solve("How many grams are in 2 metres?")).isEmpty();
        assertThat(Quiz.solve("What is 5 ÷ 0?")).isEmpty();
    }

    @Test
    void readsNumberedQuestionsAndSkipsOtherLines() {
        List<Quiz.Question> questions = Quiz.read("""
                # Arithmetic check
                Answer every question.
                1. What is 7 × 8 - 6?
                2) What is the capital of Peru?
                3. What is 1000 - 264?
                """);
        assertThat(questions).extracting(Quiz.Question::number).containsExactly(1, 2, 3);
        assertThat(questions).extracting(Quiz.Question::answer).containsExactly(Optional.of("50"), Optional.of("Lima"), Optional.of("736"));
    }

    @Test
    void aWrongAnswerIsNeverTheRightOne() {
        for (String answer : List.of("42", "0.5", "12000", "Tuesday", "December", "Paris", "Au", "O", "apple", "lake", "desserts", "8")) {
            for (long seed = 0; seed < 50; seed++) {
                String wrong = Quiz.wrong(answer, new Dice(seed, answer, seed));
                assertThat(wrong).as(answer).isNotBlank().isNotEqualToIgnoringCase(answer);
            }
        }
    }
}
