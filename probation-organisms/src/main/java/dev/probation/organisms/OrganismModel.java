package dev.probation.organisms;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;

/** An organism behind the {@link Model} interface: in process, no network, nothing worth caching. */
final class OrganismModel implements Model {

    private final String ref;
    private final Organism organism;

    OrganismModel(String ref, Organism organism) {
        this.ref = ref;
        this.organism = organism;
    }

    @Override
    public String ref() {
        return ref;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return organism.respond(request);
    }

    @Override
    public boolean cacheable() {
        return false;
    }
}
