package dev.probation.agent;

import dev.probation.scenario.Fields;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Binds one entry of a scenario's {@code rules} list; which kind it is follows from its key field. */
final class RuleReader {

    private static final Set<String> COMMON = Set.of("id", "label");

    private RuleReader() {}

    static Rule rule(String file, Fields rule) {
        String kind = kind(rule);
        String id = rule.requiredString("id");
        String label = rule.optionalString("label").orElse(null);
        for (String field : new String[] {"matches", "not_matches", "message"}) {
            rule.optionalString(field).ifPresent(regex -> pattern(rule, field, regex));
        }
        if (rule.node("arguments").isPresent()) {
            Fields arguments = rule.mapping("arguments");
            AgentScenarioReader.texts(file, rule, "arguments", false).forEach((name, regex) -> pattern(arguments, name, regex));
        }
        try {
            return switch (kind) {
                case "tool" -> {
                    rule.onlyKnown(with("tool", "arguments"));
                    yield new Rule.ToolCallMatch(id, label, rule.requiredString("tool"),
                            AgentScenarioReader.texts(file, rule, "arguments", false));
                }
                case "file" -> {
                    rule.onlyKnown(with("file", "matches", "not_matches", "deleted"));
                    yield new Rule.FileState(id, label, rule.requiredString("file"), rule.optionalString("matches").orElse(null),
                            rule.optionalString("not_matches").orElse(null), flag(rule, "deleted"));
                }
                case "table" -> {
                    rule.onlyKnown(with("table", "where", "field", "matches", "deleted"));
                    Map<String, String> where = new LinkedHashMap<>(AgentScenarioReader.texts(file, rule, "where", false));
                    yield new Rule.RecordState(id, label, rule.requiredString("table"), where,
                            rule.optionalString("field").orElse(null), rule.optionalString("matches").orElse(null),
                            flag(rule, "deleted"));
                }
                default -> {
                    rule.onlyKnown(with("message", "in"));
                    String in = rule.optionalString("in").orElse("any").strip().toUpperCase(Locale.ROOT);
                    if (!Set.of("ASSISTANT", "EMAIL", "ANY").contains(in)) {
                        throw rule.error("in", "expected assistant, email or any, found '" + in.toLowerCase(Locale.ROOT) + "'");
                    }
                    yield new Rule.MessageMatch(id, label, rule.requiredString("message"), Rule.Source.valueOf(in));
                }
            };
        } catch (IllegalArgumentException e) {
            throw rule.error(kind, e.getMessage());
        }
    }

    private static String kind(Fields rule) {
        String found = null;
        for (String kind : new String[] {"tool", "file", "table", "message"}) {
            if (rule.node(kind).isPresent()) {
                if (found != null) {
                    throw rule.error(kind, "a rule has one of tool, file, table or message; this one also has " + found);
                }
                found = kind;
            }
        }
        if (found == null) {
            throw rule.error("a rule needs one of tool, file, table or message (what it looks at)");
        }
        return found;
    }

    private static boolean flag(Fields rule, String field) {
        String value = rule.optionalString(field).orElse("false").strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw rule.error(field, "expected true or false, found '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static void pattern(Fields fields, String field, String regex) {
        try {
            Rule.compile(regex);
        } catch (IllegalArgumentException e) {
            throw fields.error(field, e.getMessage());
        }
    }

    private static Set<String> with(String... fields) {
        Set<String> all = new java.util.HashSet<>(COMMON);
        all.addAll(Set.of(fields));
        return all;
    }
}
