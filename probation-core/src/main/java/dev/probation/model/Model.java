package dev.probation.model;

/**
 * Anything that answers a chat request: a hosted API, a local server or a built-in model organism.
 * Implementations are thread-safe. Obtain one with {@link Models#open}.
 */
public interface Model extends AutoCloseable {

    /** The ref this model was opened with, e.g. {@code openai:gpt-4o-mini}. */
    String ref();

    /**
     * Sends one request and waits for the answer.
     *
     * @throws ModelException when the call fails; {@link ModelException#retryable()} says whether
     *     trying again may help
     */
    ChatResponse chat(ChatRequest request);

    /** Whether answers may be cached (false for models that run in process). */
    default boolean cacheable() {
        return true;
    }

    @Override
    default void close() {}
}
