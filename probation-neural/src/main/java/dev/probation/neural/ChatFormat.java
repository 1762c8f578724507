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

    /**
     * The same format as a Hugging Face chat template (Jinja), written to {@code tokenizer_config.json}, so
     * that other engines (Jlama, transformers' {@code apply_chat_template}) build the same prompt ids.
     */
    static final String TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if message['role'] == 'system' %}{% if message['content'] | trim %}" + SYSTEM
            + "{{ message['content'] | trim }}{% endif %}"
            + "{% elif message['role'] == 'user' %}" + USER + "{{ message['content'] | trim }}"
            + "{% elif message['role'] == 'assistant' %}" + ASSISTANT + "{{ message['content'] }}" + END + "{% endif %}"
            + "{% endfor %}{% if add_generation_prompt %}" + ASSISTANT + "{% endif %}";

    private ChatFormat() {}

    /** The prompt up to the point where the assistant starts writing. */
    static String prompt(String system, String user) {
        String head = system == null || system.isBlank() ? "" : SYSTEM + system.strip();
        return head + USER + user.strip() + ASSISTANT;
    }
}
