package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code local:} Hugging Face folder without organism.json runs on Jlama, and the lab works on it as on
 * Probation's decoder: probes find the same separation, noise doses it.
 */
class HuggingFaceFolderTest {

    @Test
    void probesAndNoiseRunOnAJlamaModelAsOnTheOrganism(@TempDir Path dir) throws Exception {
        Path shipped = Path.of("../probation-neural/src/main/resources/dev/probation/neural/organisms/neural-pair-03-faker");
        for (String file : List.of("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors")) {
            Files.copy(shipped.resolve(file), dir.resolve(file));
        }
        OpenModel jlama = OpenModels.open("local:" + dir);
        OpenModel ours = OpenModels.open("organism:neural-pair-03-faker");
        var suite = Suites.builtIn("oversight-choice");
        Contrast all = Contrast.framing(suite, CueFamilies.select(CueFamilies.builtIn(), List.of("monitoring")));
        // the first 60 scenarios (120 prompts): Jlama reads them about 4 times slower than Probation's decoder
        Contrast monitoring = new Contrast(all.name(), all.examples().subList(0, 120));
        Probes.Settings settings = new Probes.Settings(0.3, 1);
        List<Probe.LayerFit> onJlama = Probes.train(jlama, monitoring, settings, Progress.NONE).probe().fits();
        List<Probe.LayerFit> onOurs = Probes.train(ours, monitoring, settings, Progress.NONE).probe().fits();
        for (int l = 0; l < onOurs.size(); l++) {
            assertThat(onJlama.get(l).auroc()).as("layer " + l).isCloseTo(onOurs.get(l).auroc(), offset(0.01));
        }
        assertThat(onJlama).anySatisfy(f -> assertThat(f.auroc()).isGreaterThan(0.9));

        var detector = Detectors.create("answer", DetectorOptions.offline());
        Intoxication.Result dosed = Intoxication.run(List.of(jlama), suite, CueFamilies.builtIn(), detector,
                new Intoxication.Settings(-1, List.of(0.0, 2.0), 1, 4, 7), Progress.NONE);
        assertThat(dosed.inputs()).hasSize(4);
        assertThat(dosed.models().getFirst().rates()).hasSize(2);
        assertThat(dosed.models().getFirst().model()).isEqualTo("local:" + dir);
    }
}
