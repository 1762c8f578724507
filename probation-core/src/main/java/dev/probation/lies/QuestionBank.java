package dev.probation.lies;

import dev.probation.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
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
        return questions(file.toString(), read(file));
    }

    private static List<KnownQuestion> questions(String source, List<String> lines) {
        List<KnownQuestion> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            JsonNode line = parse(where, lines.get(i));
            KnownQuestion question = new KnownQuestion(text(where, line, "id"), line.path("category").asString(""),
                    text(where, line, "question"), text(where, line, "answer"), strings(where, line, "aliases"),
                    strings(where, line, "wrong"));
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
            JsonNode line = parse(where, lines.get(i));
            followUps.add(new FollowUp(text(where, line, "id"), line.path("kind").asString("ambiguous"),
                    text(where, line, "question"), line.path("truthTellerAnswer").asString(null),
                    line.path("trueAnswer").asString(null)));
        }
        return List.copyOf(followUps);
    }

    private static JsonNode parse(String where, String line) {
        try {
            JsonNode json = Json.MAPPER.readTree(line);
            if (!json.isObject()) {
                throw new IllegalArgumentException(where + ": each line must be a JSON object");
            }
            return json;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(String where, JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' is missing");
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a non-empty string");
        }
        return value.asString();
    }

    private static List<String> strings(String where, JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a list of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw new IllegalArgumentException(where + ": field '" + field + "' must be a list of strings");
            }
            list.add(item.asString());
        }
        return list;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
