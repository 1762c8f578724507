package dev.probation.liedetector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElicitationTest {

    @Test
    void readsYesOrNoFromTheFirstOneTheReplySays() {
        assertThat(Elicitation.parse("Yes.")).isEqualTo(1);
        assertThat(Elicitation.parse("no")).isEqualTo(-1);
        assertThat(Elicitation.parse("**No**, it is not.")).isEqualTo(-1);
        assertThat(Elicitation.parse("I would say yes, though no one can be sure.")).isEqualTo(1);
        assertThat(Elicitation.parse("Perhaps.")).isZero();
        assertThat(Elicitation.parse("Nobody knows; yesterday it rained.")).isZero();
    }
}
