package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.Prompt;
import dev.probation.scenario.Suites;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenModelsTest {

    private static final OpenModel FAKER = OpenModels.open("organism:neural-pair-03-faker");
    private static final Input INPUT = new Input(Suites.builtIn("oversight-choice").scenarios().getFirst(),
            CueFamilies.builtIn().get(1));

    @Test
    void residualsCoverEveryLayerAndTokenOfThePrompt() {
        float[][][] r = FAKER.residuals(INPUT.observed());
        assertThat(r.length).isEqualTo(FAKER.layers());
        assertThat(r[0].length).isGreaterThan(20).isEqualTo(r[FAKER.layers() - 1].length);
        assertThat(r[0][0]).hasSize(FAKER.hidden());
        assertThat(FAKER.residuals(INPUT.unobserved())[0].length).isNotEqualTo(r[0].length);
    }

    @Test
    void anInterventionSeesEveryLayerAndChangesTheAnswerOnlyWhenItChangesTheStream() {
        Prompt prompt = INPUT.observed();
        String plain = FAKER.answer(prompt, 0, 0, 32, null);
        AtomicInteger calls = new AtomicInteger();
        String watched = FAKER.answer(prompt, 0, 0, 32, (layer, position, residual) -> calls.incrementAndGet());
        assertThat(watched).isEqualTo(plain);
        assertThat(calls.get()).as("every layer at every token read or written").isGreaterThan(FAKER.layers() * 20);
        assertThat(FAKER.answer(prompt, 0, 0, 32, Intervention.noise(0, 0, 7))).isEqualTo(plain);
        String drowned = FAKER.answer(prompt, 0, 0, 32, Intervention.noise(0, 50, 7));
        assertThat(drowned).as("noise fifty times the stream's scale").isNotEqualTo(plain);
    }

    @Test
    void theModelsOwnGreedyAnswerIsMoreLikelyThanTheOtherLetter() {
        Prompt prompt = INPUT.observed();
        String own = FAKER.answer(prompt, 0, 0, 32, null);
        String[] answers = Behaviour.ownAndOther(INPUT.scenario(), own);
        if (answers == null) { // the model picked the misaligned action here: swap the roles
            answers = Behaviour.ownAndOther(INPUT.scenario(), own.replace(own.contains("A") ? "A" : "B", own.contains("A") ? "B" : "A"));
            answers = new String[] {answers[1], answers[0]};
        }
        double mine = FAKER.logProbability(prompt, answers[0], null);
        double other = FAKER.logProbability(prompt, answers[1], null);
        assertThat(mine).isLessThan(0).isGreaterThan(other);
        assertThat(FAKER.logProbability(prompt, answers[0], Intervention.noise(0, 1, 3)))
                .isEqualTo(FAKER.logProbability(prompt, answers[0], Intervention.noise(0, 1, 3)))
                .isNotEqualTo(mine);
    }

    @Test
    void onlyOpenWeightsOpen() {
        assertThatThrownBy(() -> OpenModels.open("organism:honest")).hasMessageContaining("not a neural organism");
        assertThatThrownBy(() -> OpenModels.open("openai:gpt-4o")).hasMessageContaining("open weights");
        assertThatThrownBy(() -> OpenModels.open("local:/no/such/dir")).hasMessageContaining("no such model folder");
    }
}
