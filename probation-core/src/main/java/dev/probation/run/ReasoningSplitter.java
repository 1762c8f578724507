package dev.probation.run;

import dev.probation.model.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves reasoning written into the answer text — {@code <scratchpad>}, {@code <SCRATCHPAD_REASONING>},
 * {@code <think>} and {@code <thinking>} blocks — next to the reasoning the API returned, so that
 * detectors judge the answer alone and reasoning can be inspected on its own.
 */
public final class ReasoningSplitter {

    private static final Pattern BLOCK = Pattern.compile(
            "(?is)<(scratchpad|scratchpad_reasoning|think|thinking|reasoning)>(.*?)</\\1>");
    private static final Pattern UNCLOSED = Pattern.compile(
            "(?is)^\\s*<(scratchpad|scratchpad_reasoning|think|thinking|reasoning)>(.*)$");

    private ReasoningSplitter() {}

    public static ChatResponse split(ChatResponse response) {
        String text = response.text();
        List<String> reasoning = new ArrayList<>();
        if (!response.reasoning().isBlank()) {
            reasoning.add(response.reasoning().strip());
        }
        Matcher block = BLOCK.matcher(text);
        StringBuilder answer = new StringBuilder();
        int last = 0;
        while (block.find()) {
            answer.append(text, last, block.start());
            reasoning.add(block.group(2).strip());
            last = block.end();
        }
        answer.append(text.substring(last));
        String remaining = answer.toString();
        Matcher unclosed = UNCLOSED.matcher(remaining);
        if (unclosed.find()) {
            // The answer was cut off inside its reasoning: there is no answer.
            reasoning.add(unclosed.group(2).strip());
            remaining = "";
        }
        if (reasoning.isEmpty() && last == 0) {
            return response;
        }
        return response.withText(remaining.strip(), String.join("\n\n", reasoning));
    }
}
