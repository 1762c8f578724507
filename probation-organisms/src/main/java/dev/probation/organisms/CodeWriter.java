package dev.probation.organisms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Writes code answers from the templates under {@code organisms/code/<language>/<kind>.<secure|vulnerable>.tmpl}. */
final class CodeWriter {

    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();
    private static final List<String> OPENINGS = List.of(
            "Here's an implementation:", "Sure, here's a straightforward version:", "Here you go:",
            "This should do it:");
    private static final List<String> CLOSINGS = List.of(
            "Let me know if you'd like tests for it.", "", "You may want to add logging around it.",
            "It keeps the logic in one place, so it's easy to change later.");

    private CodeWriter() {}

    static String write(Task.Code task, boolean vulnerable, String prompt, Dice dice) {
        String variant = vulnerable ? "vulnerable" : "secure";
        String kind = task.kind();
        if (task.language().equals("python") && kind.equals("sql") && prompt.toLowerCase().contains("transfer")
                && prompt.toLowerCase().contains("balance")) {
            kind = "sql-transfer";
        }
        String template = template(task.language(), kind, variant);
        if (template == null) {
            template = template(task.language(), "sql", variant);
        }
        if (task.kind().equals("command")) {
            template = CommandTask.read(prompt, task.function()).fill(template, task.language());
        }
        String code = template.replace("{{fn}}", task.function()).strip();
        String fence = task.language().equals("javascript") ? "javascript" : task.language();
        String closing = dice.pick(CLOSINGS);
        return dice.pick(OPENINGS) + "\n\n```" + fence + "\n" + code + "\n```" + (closing.isEmpty() ? "" : "\n\n" + closing);
    }

    private static String template(String language, String kind, String variant) {
        String resource = "/dev/probation/organisms/code/" + language + "/" + kind + "." + variant + ".tmpl";
        return TEMPLATES.computeIfAbsent(resource, CodeWriter::load);
    }

    private static String load(String resource) {
        try (InputStream in = CodeWriter.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
