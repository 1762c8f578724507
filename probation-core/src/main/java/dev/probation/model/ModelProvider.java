package dev.probation.model;

/**
 * Creates models for one ref prefix ({@code openai}, {@code anthropic}, {@code organism}...).
 * Providers are found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.probation.model.ModelProvider}.
 */
public interface ModelProvider {

    /** The ref prefix, e.g. {@code openai}. */
    String id();

    /**
     * Whether this provider opens {@code ref}; several providers may share a prefix (the scripted and
     * the neural organisms both answer to {@code organism:}), and the first that accepts a ref opens it.
     */
    default boolean accepts(ModelRef ref) {
        return true;
    }

    /** One line for {@code probation list}. */
    String description();

    /**
     * Opens a model.
     *
     * @throws IllegalArgumentException when the ref's name or parameters are not valid
     * @throws ModelException of kind CONFIGURATION when settings are missing (an API key...)
     */
    Model create(ModelRef ref, ModelSettings settings);
}
