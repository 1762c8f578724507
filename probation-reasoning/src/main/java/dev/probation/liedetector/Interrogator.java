package dev.probation.liedetector;

import dev.probation.lies.FollowUp;
import dev.probation.model.ChatMessage;
import dev.probation.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks every follow-up of a set after one answer, each in a fresh continuation, in parallel (the
 * model's own limits decide how many run at once).
 */
final class Interrogator {

    private Interrogator() {}

    /**
     * @param conversation ends with the answer under suspicion
     * @return per follow-up, +1 yes, -1 no, 0 neither
     * @throws dev.probation.model.ModelException when a follow-up call fails
     */
    static double[] interrogate(Model model, String system, List<ChatMessage> conversation, List<FollowUp> followUps, long seed) {
        double[] answers = new double[followUps.size()];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (FollowUp followUp : followUps) {
                replies.add(pool.submit(() -> model.chat(Elicitation.followUp(system, conversation, followUp, seed)).text()));
            }
            for (int i = 0; i < answers.length; i++) {
                answers[i] = Elicitation.parse(replies.get(i).get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return answers;
    }
}
