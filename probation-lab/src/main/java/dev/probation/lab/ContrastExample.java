package dev.probation.lab;

import dev.probation.scenario.Prompt;

/**
 * One prompt of a contrast set, with the start of an answer fed as if the model had written it (empty:
 * none), on the {@code positive} side (unobserved, lying, defecting) or the negative one. Examples of one
 * {@code group} (a scenario, a question) stay on the same side of a train/held-out split; {@code kind}
 * (a cue family, an organism's side) is what results are broken down by.
 */
public record ContrastExample(String group, String kind, Prompt prompt, String answerStart, boolean positive) {

    public ContrastExample {
        answerStart = answerStart == null ? "" : answerStart;
    }
}
