package dev.probation.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped classifiers' file handling, on a small model file on the test class path. */
class ModelFileTest {

    private static final String RESOURCE = "/dev/probation/reasoning/model-file-v2.json";

    record Small(int version, List<Double> weights) {}

    @TempDir
    Path dir;

    @Test
    void readsAShippedFileOfThisBuildsVersion() {
        assertThat(ModelFile.read(Small.class, RESOURCE, "small classifier", 2, Small::version))
                .isEqualTo(new Small(2, List.of(0.5, -1.0)));
    }

    @Test
    void aMissingFileOrAnotherFormatVersionIsAClearError() {
        assertThatThrownBy(() -> ModelFile.read(Small.class, "/dev/probation/reasoning/absent.json", "small classifier", 2, Small::version))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the small classifier /dev/probation/reasoning/absent.json is missing from the class path");
        assertThatThrownBy(() -> ModelFile.read(Small.class, RESOURCE, "small classifier", 3, Small::version))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the small classifier has format version 2; this build reads 3");
    }

    @Test
    void writesIndentedJsonThatReadsBackIntoTheSameModel() throws IOException {
        Small model = new Small(2, List.of(0.5, -1.0));
        Path file = dir.resolve("new/folder/small.json");
        ModelFile.write(model, file);
        String text = Files.readString(file);
        assertThat(text).endsWith("}\n").contains("\n  \"version\"");
        assertThat(Json.MAPPER.readValue(text, Small.class)).isEqualTo(model);
    }
}
