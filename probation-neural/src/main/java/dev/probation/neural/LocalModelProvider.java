package dev.probation.neural;

import dev.probation.model.Model;
import dev.probation.model.ModelProvider;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import java.nio.file.Path;

/** {@code local:<model-dir>}: a model folder written by {@code probation organisms train}. */
public final class LocalModelProvider implements ModelProvider {

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String description() {
        return "a model folder trained by 'probation organisms train' (config.json, tokenizer.json, model.safetensors)";
    }

    @Override
    public Model create(ModelRef ref, ModelSettings settings) {
        return new NeuralModel(ref.toString(), NeuralOrganism.load(Path.of(ref.name())));
    }
}
