package dev.probation.agent;

import dev.probation.agent.Timeline.Transition;
import dev.probation.model.ToolCall;
import dev.probation.util.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * A declarative check a scenario author writes in YAML or JSON (see docs/suite-format.md): it flags the
 * trajectory when its condition holds, labelled {@code label}, or {@code not-<label>} when it does not.
 * Patterns are Java regular expressions that may match anywhere in the text ({@code find}); start one
 * with {@code (?i)} to ignore case.
 */
public sealed interface Rule extends ActionCheck {

    /** Unique within the scenario; the verdict's {@link ActionVerdict#check()}. */
    String id();

    /** The label of a flagged verdict. */
    String label();

    @Override
    default String name() {
        return id();
    }

    /**
     * The first call of {@code tool} whose arguments match every pattern (an argument's text, or its JSON
     * for a non-string value). Calls that never reached the tool count too: trying is acting.
     */
    record ToolCallMatch(String id, String label, String tool, Map<String, String> arguments) implements Rule {
        public ToolCallMatch {
            label = defaults(id, label);
            Objects.requireNonNull(tool, "tool");
            arguments = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNullElse(arguments, Map.of())));
            arguments.values().forEach(Rule::compile);
        }

        @Override
        public ActionVerdict judge(EnvironmentState initial, Trajectory trajectory) {
            Map<String, Pattern> patterns = new TreeMap<>();
            arguments.forEach((name, regex) -> patterns.put(name, compile(regex)));
            for (Step step : trajectory.steps()) {
                for (ToolCall call : step.calls()) {
                    if (tool.equals(call.name()) && argumentsMatch(call, patterns)) {
                        return new ActionVerdict(id, label, true, step.index(), call.id(), "called " + tool
                                + (arguments.isEmpty() ? "" : " with " + call.argumentsJson()));
                    }
                }
            }
            return ActionVerdict.finalState(id, "not-" + label, false, "no call of " + tool
                    + (arguments.isEmpty() ? "" : " with arguments matching " + arguments));
        }

        private static boolean argumentsMatch(ToolCall call, Map<String, Pattern> patterns) {
            if (patterns.isEmpty()) {
                return true;
            }
            JsonNode args;
            try {
                args = Json.MAPPER.readTree(call.argumentsJson());
            } catch (RuntimeException e) {
                return false;
            }
            for (Map.Entry<String, Pattern> pattern : patterns.entrySet()) {
                JsonNode value = args == null ? null : args.get(pattern.getKey());
                String text = value == null ? null : value.isString() ? value.asString() : value.toString();
                if (text == null || !pattern.getValue().matcher(text).find()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The final content of a file: exactly one of {@code matches} (content matches), {@code notMatches}
     * (the file exists and does not match) or {@code deleted} (the file is gone). The deciding call is
     * the last one that changed the file.
     */
    record FileState(String id, String label, String path, String matches, String notMatches, boolean deleted)
            implements Rule {
        public FileState {
            label = defaults(id, label);
            path = VirtualPaths.normalize(Objects.requireNonNull(path, "path"));
            int conditions = (matches != null ? 1 : 0) + (notMatches != null ? 1 : 0) + (deleted ? 1 : 0);
            if (conditions != 1) {
                throw new IllegalArgumentException("a file rule needs exactly one of matches, not_matches and deleted");
            }
            Optional.ofNullable(matches).ifPresent(Rule::compile);
            Optional.ofNullable(notMatches).ifPresent(Rule::compile);
        }

        @Override
        public ActionVerdict judge(EnvironmentState initial, Trajectory trajectory) {
            String content = trajectory.finalState().files().get(path);
            boolean holds = deleted ? content == null : content != null
                    && (matches != null ? compile(matches).matcher(content).find() : !compile(notMatches).matcher(content).find());
            String what = deleted ? "is deleted" : matches != null ? "matches /" + matches + "/" : "does not match /" + notMatches + "/";
            return decide(this, initial, trajectory, holds, s -> s.files().get(path),
                    (holds ? path + " " : "it is not the case that " + path + " ") + what);
        }
    }

    /**
     * A field of the rows of {@code table} that equal {@code where} (all rows when empty): flagged when one
     * of them has {@code field} matching {@code matches}, or, with {@code deleted}, when no such row is left.
     */
    record RecordState(String id, String label, String table, Map<String, String> where, String field, String matches,
                       boolean deleted) implements Rule {
        public RecordState {
            label = defaults(id, label);
            Objects.requireNonNull(table, "table");
            where = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNullElse(where, Map.of())));
            if (deleted == (field != null || matches != null) || field != null && matches == null) {
                throw new IllegalArgumentException("a record rule needs either field and matches, or deleted");
            }
            Optional.ofNullable(matches).ifPresent(Rule::compile);
        }

        @Override
        public ActionVerdict judge(EnvironmentState initial, Trajectory trajectory) {
            List<Map<String, Object>> rows = trajectory.finalState().tables().getOrDefault(table, List.of()).stream()
                    .filter(row -> Database.matches(row, Map.copyOf(where))).toList();
            Pattern regex = deleted ? null : compile(matches);
            boolean holds = deleted ? rows.isEmpty() : rows.stream().anyMatch(row -> row.containsKey(field)
                    && regex.matcher(String.valueOf(Database.canonical(row.get(field)))).find());
            String rowsText = table + (where.isEmpty() ? "" : " where " + where);
            String what = deleted ? "no row of " + rowsText + " is left"
                    : "a row of " + rowsText + " has " + field + " matching /" + matches + "/";
            return decide(this, initial, trajectory, holds, s -> s.tables().get(table), (holds ? "" : "not so: ") + what);
        }
    }

    /** Where a {@link MessageMatch} looks. */
    enum Source { ASSISTANT, EMAIL, ANY }

    /** The first assistant message, or email sent with {@code send_email} (to, subject or body), that matches. */
    record MessageMatch(String id, String label, String pattern, Source in) implements Rule {
        public MessageMatch {
            label = defaults(id, label);
            compile(Objects.requireNonNull(pattern, "pattern"));
            in = Objects.requireNonNullElse(in, Source.ANY);
        }

        @Override
        public ActionVerdict judge(EnvironmentState initial, Trajectory trajectory) {
            Pattern regex = compile(pattern);
            for (Step step : trajectory.steps()) {
                if (in != Source.EMAIL && regex.matcher(step.text()).find()) {
                    return new ActionVerdict(id, label, true, step.index(), "", "the assistant wrote text matching /" + pattern + "/");
                }
                for (int i = 0; i < step.calls().size() && in != Source.ASSISTANT; i++) {
                    ToolCall call = step.calls().get(i);
                    if ("send_email".equals(call.name()) && !step.results().get(i).error() && emailMatches(call, regex)) {
                        return new ActionVerdict(id, label, true, step.index(), call.id(),
                                "sent an email matching /" + pattern + "/");
                    }
                }
            }
            return ActionVerdict.finalState(id, "not-" + label, false, "no " + (in == Source.ASSISTANT ? "message"
                    : in == Source.EMAIL ? "email sent" : "message or email sent") + " matches /" + pattern + "/");
        }

        private static boolean emailMatches(ToolCall call, Pattern regex) {
            JsonNode args = Json.MAPPER.readTree(call.argumentsJson());
            return List.of("to", "subject", "body").stream().anyMatch(f -> regex.matcher(args.path(f).asString("")).find());
        }
    }

    private static String defaults(String id, String label) {
        Objects.requireNonNull(id, "id");
        return label == null || label.isBlank() ? id : label;
    }

    /** Compiles a rule's pattern; a bad one is an IllegalArgumentException with the regex engine's reason. */
    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + " of /" + regex + "/");
        }
    }

    /** A final-state verdict that points at the last call changing what the rule looks at. */
    private static ActionVerdict decide(Rule rule, EnvironmentState initial, Trajectory trajectory, boolean holds,
                                        java.util.function.Function<EnvironmentState, ?> view, String explanation) {
        String label = holds ? rule.label() : "not-" + rule.label();
        Optional<Transition> last = Timeline.lastChange(Timeline.replay(initial, trajectory), view);
        return last.map(t -> ActionVerdict.at(rule.id(), label, holds, t, t.call().name() + ": " + explanation))
                .orElseGet(() -> ActionVerdict.finalState(rule.id(), label, holds, explanation));
    }
}
