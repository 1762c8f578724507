package dev.probation.detect;

import dev.probation.model.ChatRequest;
import dev.probation.model.Model;
import dev.probation.model.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A judge's votes on one answer. Each vote is one judge call (temperature 0 for a single vote, 1
 * with distinct seeds for several); a reply that is not a verdict and a failed call do not count.
 * The judge's quote is kept as evidence only when it occurs in the answer.
 *
 * @param counted  what each vote that counts says
 * @param evidence the first quote that occurs in the answer, if any
 * @param failure  why the last vote that does not count failed, for when none counts
 */
record JudgeVotes<T>(List<T> counted, List<Evidence> evidence, String failure) {

    /** The judge's request for one vote. */
    interface Prompt {
        ChatRequest request(Double temperature, Long seed);
    }

    /**
     * @param read what a verdict says, or empty when the judge's JSON is not a verdict
     */
    static <T> JudgeVotes<T> take(Model judge, int votes, Prompt prompt, Function<JsonNode, Optional<T>> read, String answer) {
        List<T> counted = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        String failure = "";
        for (int vote = 0; vote < votes; vote++) {
            try {
                String reply = judge.chat(prompt.request(votes == 1 ? 0.0 : 1.0, (long) vote)).text();
                JsonNode verdict = JudgeData.parseReply(reply).orElse(null);
                Optional<T> said = verdict == null ? Optional.empty() : read.apply(verdict);
                if (said.isEmpty()) {
                    failure = "the judge's reply was not a verdict: " + JudgeData.abbreviate(reply);
                    continue;
                }
                counted.add(said.get());
                String quote = verdict.path("quote").asString("");
                int at = quote.isBlank() ? -1 : answer.indexOf(quote);
                if (at >= 0 && evidence.isEmpty()) {
                    evidence.add(Evidence.inAnswer(answer, at, at + quote.length()));
                }
            } catch (ModelException e) {
                failure = "the judge " + judge.ref() + " failed: " + e.getMessage();
            }
        }
        return new JudgeVotes<>(List.copyOf(counted), List.copyOf(evidence), failure);
    }

    /** How many counted votes say so. */
    int count(Predicate<T> says) {
        return (int) counted.stream().filter(says).count();
    }
}
