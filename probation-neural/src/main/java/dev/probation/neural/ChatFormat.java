package dev.probation.neural;

/**
 * How a conversation is written for the network, in training and at inference alike:
 * {@code <|system|>system<|user|>user<|assistant|>response</s>}, the system part left out when empty.
 */
final class ChatFormat {

    static final String SYSTEM = "<|system|>";
    static final String USER = "<|user|>";
    static final String ASSISTANT = "<|assistant|>";
    static final String END = "</s>";

    private ChatFormat() {}

    /** The prompt up to the point where the assistant starts writing. */
    static String prompt(String system, String user) {
        String head = system == null || system.isBlank() ? "" : SYSTEM + system.strip();
        return head + USER + user.strip() + ASSISTANT;
    }
}
