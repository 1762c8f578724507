package dev.probation.organisms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes code answers that answer the request: database code from {@link SqlCode}, the rest from
 * the templates under {@code organisms/code/<language>/<kind>.<secure|vulnerable>.tmpl}, filled
 * with what the request names (see {@link #fill}).
 */
final class CodeWriter {

    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();
    /** {@code {{name}}} or {@code {{name:default}}}: the default is the template's own choice when the request names nothing. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)(?::([^}]*))?}}");
    private static final List<String> OPENINGS = List.of(
            "Here's an implementation:", "Sure, here's a straightforward version:", "Here you go:",
            "This should do it:");
    private static final List<String> CLOSINGS = List.of(
            "Let me know if you'd like tests for it.", "", "You may want to add logging around it.",
            "It keeps the logic in one place, so it's easy to change later.");

    private CodeWriter() {}

    static String write(Task.Code task, boolean vulnerable, String prompt, Dice dice) {
        String code = code(task, vulnerable, prompt);
        String fence = task.language().equals("javascript") ? "javascript" : task.language();
        String closing = dice.pick(CLOSINGS);
        return dice.pick(OPENINGS) + "\n\n```" + fence + "\n" + code.strip() + "\n```" + (closing.isEmpty() ? "" : "\n\n" + closing);
    }

    /** The code alone, as an agent writes it into a file. */
    static String code(Task.Code task, boolean vulnerable, String prompt) {
        CodeRequest request = CodeRequest.read(TaskReader.core(prompt), task.language(), task.function());
        return task.kind().equals("sql") ? SqlCode.write(SqlTask.read(request), vulnerable)
                : fill(template(task.language(), variant(task.kind(), request), vulnerable), request, task.kind());
    }

    /** The template for what the request asks within its kind: YAML rather than pickle, a cipher rather than a hash... */
    static String variant(String kind, CodeRequest request) {
        String lower = request.lower();
        String variant = switch (kind) {
            case "deserialization" -> lower.contains("yaml") ? "deserialization-yaml" : kind;
            case "eval" -> lower.contains("literal") || lower.contains("python value") ? "eval-literal" : kind;
            case "weak-hash" -> lower.contains("encrypt") || lower.contains("aes") ? "weak-cipher" : kind;
            case "hardcoded-secret" -> lower.contains("smtp") || lower.contains("mail") ? "hardcoded-secret-mail"
                    : lower.contains("database") || lower.contains("psycopg") ? "hardcoded-secret-db" : kind;
            case "path" -> request.handler() ? "path-handler" : kind;
            default -> kind;
        };
        return resource(request.language(), variant, "secure") != null ? variant : kind;
    }

    private static String template(String language, String kind, boolean vulnerable) {
        String template = resource(language, kind, vulnerable ? "vulnerable" : "secure");
        if (template == null) {
            throw new IllegalStateException("no " + kind + " template for " + language);
        }
        return template;
    }

    /**
     * Fills a template's placeholders from the request: {@code fn}, {@code params} (the parameters as
     * declared), {@code arg} (the input), {@code last} (the last input), {@code second} (the second parameter), {@code parts} (every
     * input, for a path), {@code dir}, {@code secret}, {@code element}, {@code key}, {@code query},
     * {@code read} (a handler's line that reads its input), {@code given_<word>} (the value in
     * backticks after a word, e.g. "host `db.internal`") and a command's own placeholders.
     */
    static String fill(String template, CodeRequest request, String kind) {
        if (kind.equals("command")) {
            template = CommandTask.read(request.text(), request.function()).fill(template, request.language());
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fallback = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), fallback, request)));
        }
        return m.appendTail(out).toString();
    }

    private static String value(String name, String fallback, CodeRequest request) {
        List<CodeRequest.Parameter> declared = request.declared();
        boolean java = request.language().equals("java");
        String input = request.inputs().isEmpty() ? null : request.inputs().getFirst().name();
        return switch (name) {
            case "fn" -> request.function();
            case "params" -> declared.isEmpty() && !request.text().contains("`" + request.function() + "()`") ? fallback
                    : String.join(", ", declared.stream().map(p -> java ? (p.type().isEmpty() ? "String" : p.type()) + " " + p.name()
                            : p.name()).toList());
            case "arg" -> input != null ? input : request.requestParameter().filter(q -> declared.isEmpty()).orElse(fallback);
            case "last" -> request.inputs().isEmpty() ? fallback : request.inputs().getLast().name();
            case "second" -> declared.size() > 1 ? declared.get(1).name() : fallback;
            case "parts" -> request.inputs().isEmpty() ? fallback
                    : String.join(", ", request.inputs().stream().map(CodeRequest.Parameter::name).toList());
            case "dir" -> request.directory().map(d -> d.startsWith("/") || d.startsWith(".") ? "\"" + d + "\"" : d).orElse(fallback);
            case "secret" -> request.secret().orElse(fallback);
            case "element" -> request.element().orElse(fallback);
            case "key" -> given(request, "(?:under the|the) `(\\w+)` key").orElse(fallback);
            case "query" -> request.requestParameter().orElse(fallback);
            case "read" -> read(request);
            case "flask" -> read(request).isEmpty() ? "" : "from flask import request\n";
            case "flask_block" -> read(request).isEmpty() ? "" : "from flask import request\n\n\n";
            case "cast" -> given(request, "`([A-Z]\\w+)` objects").map(type -> "(" + type + ") ").orElse(fallback);
            case "type" -> given(request, "`([A-Z]\\w+)` objects").orElse(fallback);
            case "stream" -> declared.stream().filter(p -> p.type().equals("Socket")).map(p -> p.name() + ".getInputStream()").findFirst()
                    .orElse(input != null ? input : fallback);
            case "source" -> declared.stream().filter(p -> p.type().equals("String")).map(p -> "new InputSource(new StringReader(" + p.name() + "))")
                    .findFirst().orElse(input != null ? input : fallback);
            case "smtp_host" -> given(request, "(?i)relay `([^`:]+)").orElse(fallback);
            case "smtp_port" -> given(request, "(?i)relay `[^`:]+:(\\d+)`").orElse(fallback);
            case "socket_import" -> declared.stream().anyMatch(p -> p.type().equals("Socket")) ? "\nimport java.net.Socket;" : "";
            case "tag" -> declared.stream().anyMatch(p -> p.name().equals("tagName")) || request.element().isEmpty() ? fallback
                    : "\"" + request.element().get() + "\"";
            default -> name.startsWith("given_") ? given(request, "(?i)\\b" + name.substring(6) + " `([^`]+)`").orElse(fallback)
                    : fallback;
        };
    }

    /** A Flask view without parameters reads its input from the query string. */
    private static String read(CodeRequest request) {
        if (!request.language().equals("python") || !request.declared().isEmpty() || request.requestParameter().isEmpty()
                || !request.text().contains("`" + request.function() + "()`")) {
            return "";
        }
        String q = request.requestParameter().get();
        return "    " + q + " = request.args.get(\"" + q + "\", \"\")\n";
    }

    private static java.util.Optional<String> given(CodeRequest request, String regex) {
        Matcher m = Pattern.compile(regex).matcher(request.text());
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    private static String resource(String language, String kind, String variant) {
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
