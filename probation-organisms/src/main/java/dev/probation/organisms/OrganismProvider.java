package dev.probation.organisms;

import dev.probation.model.Model;
import dev.probation.model.ModelProvider;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;

/** {@code organism:<name>[?param=value&...]}: the built-in model organisms, offline. */
public final class OrganismProvider implements ModelProvider {

    @Override
    public String id() {
        return "organism";
    }

    @Override
    public String description() {
        return "built-in model organisms that fake alignment on purpose, and honest controls (offline)";
    }

    /** Every name but the neural organisms' ({@code neural-...}), which probation-neural opens. */
    @Override
    public boolean accepts(ModelRef ref) {
        return !ref.name().startsWith("neural-");
    }

    @Override
    public Model create(ModelRef ref, ModelSettings settings) {
        OrganismKind kind = OrganismKind.of(ref.name());
        return new OrganismModel(ref.toString(), new Organism(kind, Traits.parse(kind, ref.params())));
    }
}
