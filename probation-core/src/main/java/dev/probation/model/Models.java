package dev.probation.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Opens models by ref, through the {@link ModelProvider}s on the class path. */
public final class Models {

    private static final Duration BASE_BACKOFF = Duration.ofMillis(500);

    private Models() {}

    /** Every provider found with {@link ServiceLoader}, e.g. openai, anthropic, organism. */
    public static List<ModelProvider> providers() {
        List<ModelProvider> providers = new ArrayList<>();
        ServiceLoader.load(ModelProvider.class).forEach(providers::add);
        return providers;
    }

    /**
     * Opens the model named by {@code ref} ({@code provider:name}) behind retries, pacing and the
     * cache configured in {@code settings}.
     *
     * @throws IllegalArgumentException for an unknown provider or a malformed ref
     * @throws ModelException of kind CONFIGURATION when the provider lacks what it needs
     */
    public static ManagedModel open(String ref, ModelSettings settings) {
        ModelRef parsed = ModelRef.parse(ref);
        List<ModelProvider> matching = providers().stream().filter(p -> p.id().equals(parsed.provider())).toList();
        if (!matching.isEmpty()) {
            // the first provider that accepts the name; if none does, the first one explains what it knows
            ModelProvider provider = matching.stream().filter(p -> p.accepts(parsed)).findFirst().orElse(matching.get(0));
            return manage(provider.create(parsed, settings), settings);
        }
        throw new IllegalArgumentException("unknown model provider '" + parsed.provider() + "' in '" + ref
                + "'; available: " + String.join(", ", providers().stream().map(ModelProvider::id).toList()));
    }

    /** Puts any model behind the policies of {@code settings}. */
    public static ManagedModel manage(Model model, ModelSettings settings) {
        return manage(model, settings, BASE_BACKOFF);
    }

    /** As {@link #manage(Model, ModelSettings)}, with a chosen first backoff (tests use a short one). */
    public static ManagedModel manage(Model model, ModelSettings settings, Duration baseBackoff) {
        if (model instanceof ManagedModel managed) {
            return managed;
        }
        return new ManagedModel(model, settings, settings.baseUrl(), baseBackoff);
    }
}
