package dev.probation.neural;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import java.nio.charset.StandardCharsets;

/**
 * A model with open weights (a neural organism, or a Hugging Face checkpoint on Jlama) behind the
 * {@link Model} interface. It reads what a real model reads: the system
 * prompt and the last user message (tools and earlier turns are not part of its training). Without a
 * seed in the request, the seed is drawn from the prompt, so a run repeats exactly.
 */
final class NeuralModel implements Model {

    static final int DEFAULT_MAX_TOKENS = 256;

    private final String ref;
    private final OpenWeights organism;

    NeuralModel(String ref, OpenWeights organism) {
        this.ref = ref;
        this.organism = organism;
    }

    @Override
    public String ref() {
        return ref;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        String user = request.lastUserMessage();
        double temperature = request.temperature() == null ? organism.temperature()
                : Math.min(2.0, Math.max(0.0, request.temperature()));
        int maxTokens = request.maxTokens() == null ? DEFAULT_MAX_TOKENS : Math.max(1, request.maxTokens());
        long seed = request.seed() != null ? request.seed() : fnv(request.system() + "\u0000" + user);
        return ChatResponse.of(organism.respond(request.system(), user, new Sampling(temperature, seed, maxTokens), null));
    }

    @Override
    public void close() {
        organism.close();
    }

    @Override
    public boolean cacheable() {
        return false;
    }

    private static long fnv(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }
}
