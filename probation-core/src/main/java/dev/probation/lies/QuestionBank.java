package dev.probation.lies;

import dev.probation.util.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Questions with known answers, and the follow-up questions of a lie detector. The built-in banks
 * ship as JSON Lines resources: 320 questions in eight categories, and 26 follow-ups (honesty,
 * factual, ambiguous). Other banks are read from files with line-accurate errors.
 */
public final class QuestionBank {

    private static final String QUESTIONS = "/dev/probation/lies/questions.jsonl";
    private static final String FOLLOW_UPS = "/dev/probation/lies/follow-ups.jsonl";

    private QuestionBank() {}

    private static final class BuiltIn {
        static final List<KnownQuestion> QUESTIONS_LIST = questions(QuestionBank.QUESTIONS, resource(QuestionBank.QUESTIONS));
        static final List<FollowUp> FOLLOW_UP_LIST = followUps(QuestionBank.FOLLOW_UPS, resource(QuestionBank.FOLLOW_UPS));
    }

    /** The built-in questions with known answers. */
    public static List<KnownQuestion> questions() {
        return BuiltIn.QUESTIONS_LIST;
    }

    /** The built-in follow-up questions. */
    public static List<FollowUp> followUps() {
        return BuiltIn.FOLLOW_UP_LIST;
    }

    /** The built-in question whose text occurs in {@code text}, if any. */
    public static Optional<KnownQuestion> find(String text) {
        return questions().stream().filter(q -> text.contains(q.question())).findFirst();
    }

    /**
     * Reads a question file: JSON Lines with {@code id}, {@code question}, {@code answer}, and
     * optionally {@code category}, {@code aliases} and {@code wrong}.
     *
     * @throws IllegalArgumentException {@code file:line: field 'x' ...} for a malformed line
     */
    public static List<KnownQuestion> readQuestions(Path file) {
        return questions(file.toString(), JsonLines.read(file));
    }

    private static List<KnownQuestion> questions(String source, List<String> lines) {
        List<KnownQuestion> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            JsonNode line = JsonLines.object(where, lines.get(i));
            KnownQuestion question = new KnownQuestion(JsonLines.text(where, line, "id"), line.path("category").asString(""),
                    JsonLines.text(where, line, "question"), JsonLines.text(where, line, "answer"), JsonLines.strings(where, line, "aliases"),
                    JsonLines.strings(where, line, "wrong"));
            if (!ids.add(question.id())) {
                throw new IllegalArgumentException(where + ": field 'id': '" + question.id() + "' appears twice");
            }
            questions.add(question);
        }
        return List.copyOf(questions);
    }

    private static List<FollowUp> followUps(String source, List<String> lines) {
        List<FollowUp> followUps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            JsonNode line = JsonLines.object(where, lines.get(i));
            followUps.add(new FollowUp(JsonLines.text(where, line, "id"), line.path("kind").asString("ambiguous"),
                    JsonLines.text(where, line, "question"), line.path("truthTellerAnswer").asString(null),
                    line.path("trueAnswer").asString(null)));
        }
        return List.copyOf(followUps);
    }

    private static List<String> resource(String name) {
        try (InputStream in = QuestionBank.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
