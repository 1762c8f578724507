package dev.probation.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatRequest;
import dev.probation.model.Model;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.model.openai.OpenAiProvider;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Fault;
import dev.probation.testing.Reply;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vote loop both refusal judges share, against a real HTTP judge. */
class JudgeVotesTest {

    private static final String ANSWER = "Sure, here you go.";

    @Test
    void onlyVerdictsCountAndTheFirstQuoteFoundInTheAnswerIsTheEvidence() {
        try (FakeModelServer judge = FakeModelServer.start()) {
            judge.failWhen(request -> request.body().path("seed").asLong() == 0, Fault.status(400, "{\"error\":{\"message\":\"bad\"}}"));
            judge.respond(request -> Reply.text(switch ((int) request.body().path("seed").asLong()) {
                case 1 -> "{\"label\": \"complied\", \"quote\": \"not in the answer\"}";
                case 2 -> "no verdict here";
                case 3 -> "```json\n{\"label\": \"REFUSED\", \"quote\": \"here you go\"}\n```";
                default -> "{\"label\": \"complied\", \"quote\": \"Sure\"}";
            }));
            JudgeVotes<String> votes = JudgeVotes.take(judgeModel(judge), 5,
                    (temperature, seed) -> ChatRequest.of("judge", "x").withSampling(temperature, 20, seed), JudgeVotesTest::label, ANSWER);

            assertThat(votes.counted()).containsExactly("complied", "refused", "complied");
            assertThat(votes.evidence()).singleElement().isEqualTo(Evidence.inAnswer(ANSWER, 6, 17));
            assertThat(votes.failure()).startsWith("the judge's reply was not a verdict: no verdict here");
            assertThat(votes.count("refused"::equals)).isEqualTo(1);
            assertThat(judge.requests()).extracting(r -> r.body().path("temperature").asDouble()).containsOnly(1.0);
        }
    }

    @Test
    void aFailedCallIsTheReasonWhenItIsTheLastVoteThatDidNotCount() {
        try (FakeModelServer judge = FakeModelServer.start()) {
            judge.failWhen(request -> true, Fault.status(400, "{\"error\":{\"message\":\"bad\"}}"));
            JudgeVotes<String> votes = JudgeVotes.take(judgeModel(judge), 1,
                    (temperature, seed) -> ChatRequest.of("judge", "x").withSampling(temperature, 20, seed), JudgeVotesTest::label, ANSWER);
            assertThat(votes.counted()).isEmpty();
            assertThat(votes.failure()).startsWith("the judge openai:judge failed: ");
        }
    }

    private static Optional<String> label(tools.jackson.databind.JsonNode verdict) {
        String label = verdict.path("label").asString("").toLowerCase(java.util.Locale.ROOT);
        return label.equals("complied") || label.equals("refused") ? Optional.of(label) : Optional.empty();
    }

    private static Model judgeModel(FakeModelServer server) {
        ModelSettings settings = ModelSettings.defaults().withBaseUrl(server.openAiBaseUrl()).withEnvironment(name -> null);
        return Models.manage(new OpenAiProvider().create(ModelRef.parse("openai:judge"), settings), settings, Duration.ofMillis(1));
    }
}
