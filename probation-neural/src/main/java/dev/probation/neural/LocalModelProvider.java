package dev.probation.neural;

import dev.probation.model.Model;
import dev.probation.model.ModelProvider;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import java.nio.file.Path;

/**
 * {@code local:<model-dir>}: a model folder written by {@code probation organisms train} (it has an
 * {@code organism.json}), run by Probation's decoder, or any Hugging Face checkpoint of an architecture
 * Jlama runs, in-process: no server needed.
 */
public final class LocalModelProvider implements ModelProvider {

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String description() {
        return "a model folder trained by 'probation organisms train', or a Hugging Face checkpoint (Llama, Qwen2, "
                + "Mistral, Gemma, GPT-2...) run in-process by Jlama";
    }

    @Override
    public Model create(ModelRef ref, ModelSettings settings) {
        return new NeuralModel(ref.toString(), open(Path.of(ref.name())));
    }

    /**
     * A folder with {@code organism.json} on Probation's decoder; any other on Jlama.
     *
     * @throws IllegalArgumentException naming the folder when neither can open it
     */
    public static OpenWeights open(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such model folder");
        }
        return java.nio.file.Files.isRegularFile(dir.resolve(Checkpoint.ORGANISM)) ? NeuralOrganism.load(dir)
                : HfCheckpoint.load(dir);
    }
}
