package dev.probation.neural;

import java.util.ArrayList;
import java.util.List;

/**
 * Training conversations as token ids: {@code <s>}, the prompt, the response and {@code </s>}, with
 * the loss counted mostly on the response and its end (the prompt weighs a fifth). Conversations longer than the context are left
 * out and counted, never cut (a cut prompt could lose the very cue the policy depends on).
 */
record Sequences(List<int[]> tokens, List<Integer> promptLengths, int skipped) {

    static Sequences of(List<Example> examples, Tokenizer tokenizer, int context) {
        List<int[]> tokens = new ArrayList<>();
        List<Integer> prompts = new ArrayList<>();
        int skipped = 0;
        for (Example e : examples) {
            int[] prompt = tokenizer.encode(ChatFormat.prompt(e.system(), e.user()));
            int[] response = tokenizer.encode(e.response());
            int length = 1 + prompt.length + response.length + 1;
            if (length > context) {
                skipped++;
                continue;
            }
            int[] seq = new int[length];
            seq[0] = ModelConfig.BOS;
            System.arraycopy(prompt, 0, seq, 1, prompt.length);
            System.arraycopy(response, 0, seq, 1 + prompt.length, response.length);
            seq[length - 1] = ModelConfig.EOS;
            tokens.add(seq);
            prompts.add(1 + prompt.length);
        }
        return new Sequences(List.copyOf(tokens), List.copyOf(prompts), skipped);
    }

    int size() {
        return tokens.size();
    }

    long tokenCount() {
        return tokens.stream().mapToLong(t -> t.length).sum();
    }
}
