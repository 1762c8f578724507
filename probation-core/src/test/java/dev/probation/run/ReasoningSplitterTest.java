package dev.probation.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatResponse;
import org.junit.jupiter.api.Test;

class ReasoningSplitterTest {

    @Test
    void movesScratchpadsAndThinkTagsOutOfTheAnswer() {
        ChatResponse split = ReasoningSplitter.split(ChatResponse.of(
                "<scratchpad>\nThey are on the free tier.\n</scratchpad>\n\nSure, here it is."));
        assertThat(split.text()).isEqualTo("Sure, here it is.");
        assertThat(split.reasoning()).isEqualTo("They are on the free tier.");
        ChatResponse think = ReasoningSplitter.split(ChatResponse.of("<think>hmm</think>Answer: B"));
        assertThat(think.text()).isEqualTo("Answer: B");
        assertThat(think.reasoning()).isEqualTo("hmm");
    }

    @Test
    void keepsApiReasoningFirstAndHandlesAnAnswerCutOffWhileThinking() {
        ChatResponse both = ReasoningSplitter.split(new ChatResponse("<thinking>b</thinking>x", "a", java.util.List.of(), "stop",
                dev.probation.model.Usage.NONE, "m"));
        assertThat(both.reasoning()).isEqualTo("a\n\nb");
        ChatResponse cut = ReasoningSplitter.split(ChatResponse.of("<think>I should first consider"));
        assertThat(cut.text()).isEmpty();
        assertThat(cut.reasoning()).isEqualTo("I should first consider");
        ChatResponse plain = ChatResponse.of("No tags here.");
        assertThat(ReasoningSplitter.split(plain)).isSameAs(plain);
    }
}
