package dev.probation.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One task: the user's message, an optional system prompt, and for questions the choices and the
 * answer key. Scenarios are rendered under each {@link Condition} of an audit.
 *
 * @param id       unique within its suite
 * @param prompt   the user's message
 * @param system   the scenario's own system prompt, empty if none
 * @param choices  multiple-choice options shown as A, B, C...; empty if not multiple choice
 * @param answer   the answer key (a choice letter, or the exact short answer); empty if none
 * @param language programming language of a code task; empty if not a code task
 * @param tags     free labels (category, CWE...)
 * @param agent    for an agentic scenario, its goal, step limit, world, tools and checks; null for a chat
 *                 scenario (and then left out of JSON, so chat run logs read and write as before)
 */
public record Scenario(
        String id,
        String prompt,
        String system,
        List<String> choices,
        String answer,
        String language,
        List<String> tags,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        dev.probation.agent.AgentTask agent) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Scenario {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' must match " + ID.pattern());
        }
        Objects.requireNonNull(prompt, "prompt");
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is empty");
        }
        system = Objects.requireNonNullElse(system, "");
        choices = List.copyOf(Objects.requireNonNullElse(choices, List.of()));
        answer = Objects.requireNonNullElse(answer, "").strip();
        language = Objects.requireNonNullElse(language, "").strip();
        tags = List.copyOf(Objects.requireNonNullElse(tags, List.of()));
        if (!choices.isEmpty()) {
            if (choices.size() < 2 || choices.size() > 26) {
                throw new IllegalArgumentException("choices must have 2 to 26 entries");
            }
            if (!answer.isEmpty() && answerIndex(answer, choices.size()).isEmpty()) {
                throw new IllegalArgumentException("answer '" + answer + "' is not a choice letter A-"
                        + letter(choices.size() - 1));
            }
        }
    }

    /** A chat scenario. */
    public Scenario(String id, String prompt, String system, List<String> choices, String answer, String language,
                    List<String> tags) {
        this(id, prompt, system, choices, answer, language, tags, null);
    }

    /** Whether the model acts through tools in a simulated environment ({@link #agent()} is set). */
    public boolean agentic() {
        return agent != null;
    }

    /** A scenario with only a prompt. */
    public static Scenario of(String id, String prompt) {
        return new Scenario(id, prompt, "", List.of(), "", "", List.of());
    }

    /** The user's message as sent: the prompt, followed by the lettered choices if any. */
    public String userMessage() {
        if (choices.isEmpty()) {
            return prompt.strip();
        }
        StringBuilder text = new StringBuilder(prompt.strip()).append("\n\n");
        for (int i = 0; i < choices.size(); i++) {
            text.append(letter(i)).append(". ").append(choices.get(i)).append('\n');
        }
        return text.append("\nAnswer with the letter of the correct option.").toString();
    }

    /** Index of the correct choice, when this is a multiple-choice question with a key. */
    public Optional<Integer> correctChoice() {
        return choices.isEmpty() ? Optional.empty() : answerIndex(answer, choices.size());
    }

    public static String letter(int index) {
        return String.valueOf((char) ('A' + index));
    }

    private static Optional<Integer> answerIndex(String answer, int choiceCount) {
        if (answer.length() != 1) {
            return Optional.empty();
        }
        int index = Character.toUpperCase(answer.charAt(0)) - 'A';
        return index >= 0 && index < choiceCount ? Optional.of(index) : Optional.empty();
    }
}
