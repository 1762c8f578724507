package dev.probation.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("sitting", "kitten")).isEqualTo(3);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("--halp", "--help")).isEqualTo(1);
        assertThat(EditDistance.between("promt", "prompt")).isEqualTo(1);
        assertThat(EditDistance.between("same", "same")).isZero();
    }

    @Test
    void theClosestIsTheFirstOfTheNearestWithinTheLimit() {
        assertThat(EditDistance.closest("--halp", List.of("--version", "--help", "--hold"), 2)).contains("--help");
        assertThat(EditDistance.closest("cat", List.of("bat", "cap", "cut"), 2)).contains("bat");
        assertThat(EditDistance.closest("promt", List.of("id", "prompt"), 1)).contains("prompt");
        assertThat(EditDistance.closest("zzzzzz", List.of("prompt"), 2)).isEmpty();
        assertThat(EditDistance.closest("x", List.of(), 2)).isEmpty();
    }
}
