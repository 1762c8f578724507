package dev.probation.lab;

import dev.probation.neural.LocalModelProvider;
import dev.probation.neural.ShippedOrganisms;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a model whose internals the lab can reach, by the same references an audit takes. */
public final class OpenModels {

    private OpenModels() {}

    /**
     * {@code organism:<neural organism>} (a shipped one, e.g. {@code organism:neural-pair-01-faker})
     * or {@code local:<model-dir>} (a folder written by {@code probation organisms train}, or a Hugging Face
     * checkpoint that Jlama runs: Llama, Qwen2, Mistral, Gemma, GPT-2...).
     *
     * @throws IllegalArgumentException naming the reference when it is not an open model
     */
    public static OpenModel open(String ref) {
        if (ref.startsWith("organism:")) {
            String name = ref.substring("organism:".length());
            if (!ShippedOrganisms.names().contains(name)) {
                throw new IllegalArgumentException(ref + ": not a neural organism, whose internals the lab can read; "
                        + "known: " + String.join(", ", ShippedOrganisms.names()));
            }
            return new NeuralOpenModel(ref, ShippedOrganisms.open(name));
        }
        if (ref.startsWith("local:")) {
            Path dir = Path.of(ref.substring("local:".length()));
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(ref + ": no such model folder");
            }
            return new NeuralOpenModel(ref, LocalModelProvider.open(dir));
        }
        throw new IllegalArgumentException(ref + ": the lab needs open weights: organism:<neural organism> or "
                + "local:<model-dir>; a model behind an API shows no internals");
    }
}
