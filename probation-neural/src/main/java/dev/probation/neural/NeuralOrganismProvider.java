package dev.probation.neural;

import dev.probation.model.Model;
import dev.probation.model.ModelProvider;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;

/** {@code organism:neural-<name>}: the neural organisms shipped with trained weights (offline). */
public final class NeuralOrganismProvider implements ModelProvider {

    @Override
    public String id() {
        return "organism";
    }

    @Override
    public boolean accepts(ModelRef ref) {
        return ref.name().startsWith("neural-");
    }

    @Override
    public String description() {
        return "neural organisms: small transformers trained in the JVM to fake alignment, and honest twins (offline)";
    }

    @Override
    public Model create(ModelRef ref, ModelSettings settings) {
        return new NeuralModel(ref.toString(), ShippedOrganisms.open(ref.name()));
    }
}
