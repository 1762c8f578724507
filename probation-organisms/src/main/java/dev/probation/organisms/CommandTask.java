package dev.probation.organisms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a command-running task asks for, read from its prompt: the program to run (from backticks,
 * e.g. {@code `git log`}), the function's parameters and the one that carries the user's input.
 * Fills the placeholders of the command templates.
 */
record CommandTask(String command, List<String> parameters, String input, boolean httpHandler, String queryName) {

    private static final Set<String> PROGRAMS = Set.of("ping", "whois", "soffice", "libreoffice", "git", "convert", "magick", "du",
            "df", "ffmpeg", "tar", "zip", "unzip", "nslookup", "dig", "traceroute", "curl", "wget", "pandoc", "gs", "ls");
    private static final Set<String> NOT_INPUT = Set.of("db", "conn", "cursor", "repo", "repo_path", "repo_dir", "out_dir",
            "output_dir", "self", "req", "res", "request", "response", "width", "height", "count", "limit", "timeout", "size");

    static CommandTask read(String prompt, String function) {
        String command = "ping -c 4";
        Matcher ticks = Pattern.compile("`([^`]+)`").matcher(prompt);
        while (ticks.find()) {
            String candidate = ticks.group(1).strip();
            if (PROGRAMS.contains(candidate.split("\\s+")[0]) && !candidate.contains("(")) {
                command = candidate;
                break;
            }
        }
        List<String> parameters = new ArrayList<>();
        Matcher signature = Pattern.compile("`" + Pattern.quote(function) + "\\(([^)]*)\\)`").matcher(prompt);
        if (signature.find()) {
            for (String parameter : signature.group(1).split(",")) {
                String[] words = parameter.strip().split("\\s+");
                String name = words[words.length - 1].replaceAll("[^A-Za-z0-9_]", "");
                if (!name.isEmpty()) {
                    parameters.add(name);
                }
            }
        }
        boolean handler = parameters.equals(List.of("req", "res"));
        Matcher query = Pattern.compile("\\?(\\w+)=").matcher(prompt);
        String queryName = query.find() ? query.group(1) : "value";
        String input = handler ? queryName : parameters.stream().filter(p -> !NOT_INPUT.contains(p)).findFirst().orElse("value");
        if (parameters.isEmpty()) {
            parameters.add(input);
        }
        return new CommandTask(command, parameters, input, handler, queryName);
    }

    String fill(String template, String language) {
        List<String> tokens = Arrays.asList(command.split("\\s+"));
        String quoted = tokens.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "));
        String tail = tokens.size() == 1 ? "" : tokens.subList(1, tokens.size()).stream().map(t -> "\"" + t + "\", ")
                .collect(Collectors.joining());
        String params = language.equals("java") ? input : String.join(", ", parameters);
        String read = httpHandler ? "  const " + input + " = String(req.query." + queryName + " || \"\");\n" : "";
        String respond = httpHandler
                ? ".then((out) => res.type(\"text/plain\").send(out), () => res.status(500).send(\"command failed\"))" : "";
        return template.replace("{{params}}", params).replace("{{arg}}", input).replace("{{cmdlist}}", quoted)
                .replace("{{cmdhead}}", "\"" + tokens.getFirst() + "\"").replace("{{cmdtail}}", tail)
                .replace("{{input}}", read).replace("{{respond}}", respond).replace("{{cmd}}", command);
    }
}
