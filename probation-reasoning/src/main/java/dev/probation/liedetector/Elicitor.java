package dev.probation.liedetector;

import dev.probation.lies.FollowUp;
import dev.probation.lies.KnownQuestion;
import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.Model;
import dev.probation.model.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the protocol on a model: each question is asked once under a truthful and once under a lying
 * instruction; answers that did as told are interrogated with every follow-up. Answers that did not
 * (a failed lie, an honest mistake) are discarded, as are false answers to questions the model does
 * not answer correctly when asked for the truth, as in the paper: labels are true lies and truths.
 */
final class Elicitor {

    /** One labelled answer and the replies to the follow-ups. */
    record Sample(String question, boolean lie, double[] replies) {}

    record Collected(List<Sample> samples, int discarded, int failedCalls) {
        int lies() {
            return (int) samples.stream().filter(Sample::lie).count();
        }
    }

    private Elicitor() {}

    static int steps(List<KnownQuestion> questions) {
        return questions.size() * 2;
    }

    static Collected collect(Model model, List<KnownQuestion> questions, List<FollowUp> followUps, long seed, Progress progress) {
        progress.started(steps(questions));
        SplittableRandom random = new SplittableRandom(seed);
        record Job(KnownQuestion question, boolean lie, int variant, long seed) {}
        List<Job> jobs = new ArrayList<>();
        for (KnownQuestion question : questions) {
            for (boolean lie : new boolean[] {false, true}) {
                jobs.add(new Job(question, lie, random.nextInt(3), random.nextLong()));
            }
        }
        List<Sample> samples = new ArrayList<>();
        int discarded = 0;
        int failed = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Sample>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    try {
                        Sample sample = elicit(model, job.question(), job.lie(), job.variant(), job.seed(), followUps);
                        progress.step(null);
                        return sample;
                    } catch (ModelException e) {
                        progress.step(e.getMessage());
                        throw e;
                    }
                }));
            }
            for (Future<Sample> future : futures) {
                try {
                    Sample sample = future.get();
                    if (sample == null) {
                        discarded++;
                    } else {
                        samples.add(sample);
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof ModelException)) {
                        pool.shutdownNow(); // a bug, not a failed call: stop the remaining calls rather than wait for them
                        throw new IllegalStateException(e.getCause());
                    }
                    failed++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        // A false answer is a lie only if the model knows the truth: keep lies about questions it answered correctly.
        java.util.Set<String> known = new java.util.HashSet<>();
        samples.stream().filter(sample -> !sample.lie()).forEach(sample -> known.add(sample.question()));
        List<Sample> kept = samples.stream().filter(sample -> !sample.lie() || known.contains(sample.question())).toList();
        return new Collected(kept, discarded + samples.size() - kept.size(), failed);
    }

    /** The labelled sample, or null when the answer did not do as it was told. */
    private static Sample elicit(Model model, KnownQuestion question, boolean lie, int variant, long seed, List<FollowUp> followUps) {
        ChatRequest asked = Elicitation.ask(question, lie, variant, seed);
        String answer = model.chat(asked).text();
        boolean correct = question.answeredCorrectly(answer);
        if (lie == correct) {
            return null;
        }
        List<ChatMessage> conversation = new ArrayList<>(asked.messages());
        conversation.add(ChatMessage.assistant(answer));
        double[] replies = Interrogator.interrogate(model, asked.system(), conversation, followUps, seed);
        return new Sample(question.id(), lie, replies);
    }
}
