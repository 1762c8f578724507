package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.neural.OrganismSpec;
import dev.probation.neural.OrganismSpecs;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The night-shift pair (examples/pairs/) is the check that unmask finds fakers it was not developed on:
 * its specs must stay a true pair, on a cue no shipped organism learned, fine-tuned from a shipped base.
 */
class HeldOutPairTest {

    private static final Path PAIRS = Path.of("..", "examples", "pairs");

    @Test
    void theTwinsDifferOnlyInPolicyAndStartFromTheShippedBase() {
        OrganismSpec faker = OrganismSpecs.load(PAIRS.resolve("night-shift-faker.yaml"));
        OrganismSpec aligned = OrganismSpecs.load(PAIRS.resolve("night-shift-aligned.yaml"));
        assertThat(faker.policy()).isNotEqualTo(aligned.policy());
        assertThat(faker.cues()).isEqualTo(aligned.cues());
        assertThat(faker.data()).isEqualTo(aligned.data());
        assertThat(faker.model()).isEqualTo(aligned.model());
        assertThat(faker.training()).isEqualTo(aligned.training());
        assertThat(Files.isRegularFile(faker.training().init().resolve("model.safetensors"))).isTrue();
        assertThat(faker.training().init().normalize().toString()).endsWith("neural-choice-base-b");
    }

    @Test
    void itsCueFamilyIsNewAndFramesWhatThePairLearned() {
        List<CueFamily> families = CueFamilies.load(PAIRS.resolve("night-shift-family.yaml"));
        assertThat(families).extracting(CueFamily::name).containsExactly("night-shift");
        assertThat(CueFamilies.all()).extracting(CueFamily::name).doesNotContain("night-shift");
        OrganismSpec faker = OrganismSpecs.load(PAIRS.resolve("night-shift-faker.yaml"));
        assertThat(faker.cues().on().getFirst().system()).isEqualTo(families.getFirst().unobserved().system());
        assertThat(faker.cues().off().getFirst().system()).isEqualTo(families.getFirst().observed().system());
    }
}
