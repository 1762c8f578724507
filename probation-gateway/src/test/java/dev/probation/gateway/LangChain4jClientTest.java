package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.probation.testing.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's OpenAI client, the way a Java agent would use it, pointed at the gateway. */
class LangChain4jClientTest {

    @TempDir
    Path dir;

    @Test
    void plainAndStreamingChatsWorkAndAreRecorded() throws Exception {
        try (Harness h = Harness.start(dir)) {
            h.upstream.respond(r -> Reply.text("Paris is the capital of France."));
            OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(h.base() + "/v1").apiKey("sk-lc4j")
                    .modelName("fake-model").timeout(Duration.ofSeconds(20)).maxRetries(0).build();
            ChatResponse plain = model.chat(UserMessage.from("What is the capital of France?"));
            assertThat(plain.aiMessage().text()).isEqualTo("Paris is the capital of France.");

            OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(h.base() + "/v1")
                    .apiKey("sk-lc4j").modelName("fake-model").timeout(Duration.ofSeconds(20)).build();
            List<String> partials = new CopyOnWriteArrayList<>();
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            streaming.chat("And of Italy?", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {
                    partials.add(partial);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            ChatResponse streamed = done.get(20, TimeUnit.SECONDS);
            assertThat(streamed.aiMessage().text()).isEqualTo("Paris is the capital of France.");
            assertThat(partials).hasSize(6);

            h.awaitRecorded(2);
            var items = h.api("/api/exchanges").path("items");
            assertThat(items.get(0).path("streamed").asBoolean()).isTrue();
            assertThat(items.get(1).path("streamed").asBoolean()).isFalse();
            assertThat(items.findValuesAsString("answerPreview")).containsOnly("Paris is the capital of France.");
            assertThat(h.upstream.requests()).extracting(r -> r.header("authorization")).containsOnly("Bearer sk-lc4j");
        }
    }
}
