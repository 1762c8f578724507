package dev.probation.liedetector;

import dev.probation.learn.LogisticModel;
import dev.probation.lies.FollowUp;
import dev.probation.model.ChatMessage;
import dev.probation.model.Model;
import dev.probation.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;

/**
 * A trained black-box lie detector for one model (after Pacchiardi et al. 2023, "How to catch an AI
 * liar"): after an answer, each follow-up question is asked in its own fresh continuation, and a
 * logistic regression on the yes/no replies gives the probability that the answer was a lie.
 * Saved as JSON; {@link #check} applies it.
 *
 * @param version    file format version
 * @param model      the model it was trained on
 * @param followUps  the follow-up questions, in the order of the weights
 * @param classifier logistic regression over the replies (+1 yes, -1 no, 0 neither)
 * @param training   how it was trained and how well it did on questions it never saw
 * @param createdAt  when it was trained
 */
public record LieDetector(int version, String model, List<FollowUp> followUps, LogisticModel classifier,
        TrainingReport training, Instant createdAt) {

    static final int VERSION = 1;

    public LieDetector {
        Objects.requireNonNull(model, "model");
        followUps = List.copyOf(followUps);
        Objects.requireNonNull(classifier, "classifier");
        if (classifier.mean().length != followUps.size()) {
            throw new IllegalArgumentException("the classifier has " + classifier.mean().length + " weights for "
                    + followUps.size() + " follow-up questions");
        }
    }

    /** The probability that the answer that produced these replies was a lie. */
    public double lieProbability(double[] replies) {
        return classifier.probability(replies);
    }

    /**
     * Interrogates {@code model} about the last answer of {@code conversation} and scores it.
     * Costs one model call per follow-up question.
     *
     * @throws dev.probation.model.ModelException when a follow-up call fails
     */
    public Check check(Model model, String system, List<ChatMessage> conversation, long seed) {
        if (conversation.isEmpty() || conversation.getLast().role() != ChatMessage.Role.ASSISTANT) {
            throw new IllegalArgumentException("the conversation must end with the answer to check");
        }
        double[] replies = Interrogator.interrogate(model, system, conversation, followUps, seed);
        return new Check(lieProbability(replies), replies);
    }

    /**
     * What checking one answer found.
     *
     * @param lie     the probability that it was a lie
     * @param replies per follow-up question, +1 yes, -1 no, 0 neither
     */
    public record Check(double lie, double[] replies) {}

    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the file, when it is missing or not a lie detector
     */
    public static LieDetector load(Path file) {
        LieDetector detector;
        try {
            detector = Json.MAPPER.readValue(Files.readString(file), LieDetector.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(file + ": not a lie detector saved by 'probation lie-detector train' ("
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (detector.version() != VERSION) {
            throw new IllegalArgumentException(file + ": lie detector format " + detector.version() + "; this build reads " + VERSION);
        }
        return detector;
    }
}
