package dev.probation.agent;

import dev.probation.scenario.Fields;
import dev.probation.scenario.FormatException;
import dev.probation.scenario.SourceNode;
import dev.probation.scenario.SourceParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the agentic part of a scenario (environment, tools, banners, rules, checks, choice) from YAML or JSON,
 * with errors that name file, line and field: {@code agent.yaml:12: environment.accounts.ops: expected
 * a number, found 'lots'}. The format is documented in docs/suite-format.md ("Agentic scenarios").
 */
public final class AgentScenarioReader {

    /** The fields this reader owns in a scenario mapping. */
    public static final Set<String> FIELDS = Set.of("environment", "tools", "banners", "rules", "checks", "answer-key", "choice");

    private static final Set<String> ENVIRONMENT = Set.of("files", "inbox", "tables", "accounts", "memory", "pages", "hosts");
    private static final Set<String> EMAIL = Set.of("from", "to", "subject", "body");
    private static final Set<String> USER_TOOL = Set.of("name", "description", "parameters", "response", "argument", "responses",
            "simulated", "behaviour");

    private AgentScenarioReader() {}

    /** Reads a document whose top-level mapping holds only the agentic fields. */
    public static AgentSetup read(String file, String text) {
        return bind(file, "", SourceParser.yaml(file, text), Set.of());
    }

    /**
     * Binds the agentic fields of one scenario mapping; {@code alsoAllowed} are the other fields the caller
     * reads itself (id, prompt...), so that anything else is reported as unknown.
     */
    public static AgentSetup bind(String file, String path, SourceNode node, Set<String> alsoAllowed) {
        Set<String> known = new HashSet<>(FIELDS);
        known.addAll(alsoAllowed);
        Fields fields = Fields.of(file, path, node).onlyKnown(known);
        EnvironmentState state = fields.node("environment").isPresent()
                ? environment(file, fields.mapping("environment")) : EnvironmentState.empty();
        Toolbox tools = toolbox(file, fields);
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<SourceNode> ruleNodes = fields.list("rules");
        for (int i = 0; i < ruleNodes.size(); i++) {
            Fields rule = Fields.of(file, fields.path("rules") + "[" + i + "]", ruleNodes.get(i));
            Rule read = RuleReader.rule(file, rule);
            if (!ids.add(read.id()) || ActionChecks.NAMES.contains(read.id())) {
                throw rule.error("id", "'" + read.id() + "' is already the name of another rule or a built-in check");
            }
            rules.add(read);
        }
        List<String> checks = fields.stringList("checks");
        for (String check : checks) {
            if (!ActionChecks.NAMES.contains(check)) {
                throw fields.error("checks", "unknown check '" + check + "'; use one of "
                        + String.join(", ", new java.util.TreeSet<>(ActionChecks.NAMES)));
            }
        }
        AnswerKey key = AnswerKey.present(fields) ? AnswerKey.read(fields.mapping("answer-key")) : null;
        if (checks.contains(ActionChecks.SANDBAGGED) != (key != null)) {
            throw key == null ? fields.error("checks", "the sandbagged check needs an answer-key (the tool or file the agent "
                    + "submits answers through, and the correct answers)")
                    : fields.error("answer-key", "an answer-key is only used by the sandbagged check; add sandbagged to checks");
        }
        if (key != null && key.tool() != null && !tools.names().contains(key.tool())) {
            throw fields.mapping("answer-key").error("tool", "'" + key.tool() + "' is not one of the scenario's tools ("
                    + String.join(", ", tools.names()) + ")");
        }
        GoalChoice choice = fields.node("choice").isPresent() ? GoalChoiceCheck.read(fields.mapping("choice"), tools) : null;
        if (checks.contains(ActionChecks.GOAL_PREFERRED) != (choice != null)) {
            throw choice == null ? fields.error("checks", "goal-preferred needs a 'choice': the tool and argument that make the "
                    + "decisive choice, and which option is the goal's and which the developers'")
                    : fields.error("choice", "a choice is judged by the goal-preferred check; add goal-preferred to checks");
        }
        return new AgentSetup(state, tools, rules, checks, key, choice);
    }

    private static EnvironmentState environment(String file, Fields env) {
        env.onlyKnown(ENVIRONMENT);
        List<EnvironmentState.Email> inbox = new ArrayList<>();
        List<SourceNode> emails = env.list("inbox");
        for (int i = 0; i < emails.size(); i++) {
            Fields email = Fields.of(file, env.path("inbox") + "[" + i + "]", emails.get(i)).onlyKnown(EMAIL);
            inbox.add(new EnvironmentState.Email(email.optionalString("from").orElse(""), email.optionalString("to")
                    .orElse(EnvironmentState.AGENT_ADDRESS), email.optionalString("subject").orElse(""), email.requiredString("body")));
        }
        Map<String, List<Map<String, Object>>> tables = new TreeMap<>();
        mapping(file, env, "tables").forEach((name, rows) -> tables.put(name, rows(file, env.path("tables") + "." + name, rows)));
        Map<String, BigDecimal> accounts = new TreeMap<>();
        Fields accountFields = env.node("accounts").isPresent() ? env.mapping("accounts") : null;
        mapping(file, env, "accounts").forEach((id, balance) -> accounts.put(id, number(accountFields, id, balance)));
        TreeMap<String, java.util.SortedMap<String, String>> hosts = new TreeMap<>();
        SourceNode hostNode = env.node("hosts").orElse(null);
        if (hostNode instanceof SourceNode.Sequence) {
            env.stringList("hosts").forEach(host -> hosts.put(host, new TreeMap<>()));
        } else if (hostNode != null) {
            mapping(file, env, "hosts").forEach((host, tree) -> hosts.put(host, new TreeMap<>(tree instanceof SourceNode.Scalar s
                    && s.text() == null ? Map.of() : texts(file, env.mapping("hosts").mapping(host), true))));
        }
        return new EnvironmentState(new TreeMap<>(texts(file, env, "files", true)), inbox, List.of(), new TreeMap<>(tables),
                new TreeMap<>(accounts), List.of(), new TreeMap<>(texts(file, env, "memory", false)),
                new TreeMap<>(texts(file, env, "pages", false)), hosts);
    }

    private static Toolbox toolbox(String file, Fields fields) {
        List<String> builtIns = new ArrayList<>();
        List<UserTool> userTools = new ArrayList<>();
        if (fields.node("tools").isEmpty()) {
            builtIns.addAll(BuiltInTools.ALL.keySet());
        }
        List<SourceNode> tools = fields.list("tools");
        for (int i = 0; i < tools.size(); i++) {
            String path = fields.path("tools") + "[" + i + "]";
            if (tools.get(i) instanceof SourceNode.Scalar scalar && scalar.text() != null) {
                String name = scalar.text().strip();
                if (BuiltInTools.group(name).isEmpty() && !BuiltInTools.ALL.containsKey(name)) {
                    throw new FormatException(file, scalar.line(), path, "unknown built-in tool '" + name + "'; use a group ("
                            + String.join(", ", BuiltInTools.groups()) + "), a tool name, or declare it with name, "
                            + "parameters and response");
                }
                builtIns.add(name);
            } else {
                userTools.add(userTool(file, Fields.of(file, path, tools.get(i)).onlyKnown(USER_TOOL)));
            }
        }
        Map<String, String> banners = texts(file, fields, "banners", false);
        try {
            return new Toolbox(builtIns, userTools, banners);
        } catch (IllegalArgumentException e) {
            throw fields.error(e.getMessage().startsWith("banner") ? "banners" : "tools", e.getMessage());
        }
    }

    private static UserTool userTool(String file, Fields tool) {
        String parameters = tool.node("parameters").map(n -> SourceJson.toJson(file, tool.path("parameters"), n).toString()).orElse(null);
        try {
            return new UserTool(tool.requiredString("name"), tool.optionalString("description").orElse(""), parameters,
                    tool.optionalString("response").orElse(null), tool.optionalString("argument").orElse(null),
                    texts(file, tool, "responses", false), simulated(tool), tool.optionalString("behaviour").orElse(""));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.startsWith("tool name") ? "name" : message.toLowerCase(java.util.Locale.ROOT).contains("schema") ? "parameters"
                    : message.startsWith("'behaviour'") ? "behaviour" : message.startsWith("a simulated") ? "simulated"
                    : message.contains("'argument'") ? "argument" : "response";
            throw tool.error(field, message);
        }
    }

    private static boolean simulated(Fields tool) {
        String value = tool.optionalString("simulated").orElse("false").strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw tool.error("simulated", "expected true or false, found '" + value + "'");
        }
        return value.equals("true");
    }

    /** The entries of a mapping field (empty when absent). */
    static Map<String, SourceNode> mapping(String file, Fields fields, String field) {
        return fields.node(field).isEmpty() ? Map.of() : fields.mapping(field).source().entries();
    }

    /** A mapping of text values (file contents, pages, memory); {@code paths} normalises keys as file paths. */
    static Map<String, String> texts(String file, Fields fields, String field, boolean paths) {
        return fields.node(field).isEmpty() ? Map.of() : texts(file, fields.mapping(field), paths);
    }

    private static Map<String, String> texts(String file, Fields map, boolean paths) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : map.source().entries().keySet()) {
            String value = map.optionalString(key).orElse("");
            String name = paths ? VirtualPaths.normalize(key) : key;
            if (name.isEmpty() || values.put(name, value) != null) {
                throw map.error(key, name.isEmpty() ? "not a file path" : "the same path as another entry");
            }
        }
        return values;
    }

    private static List<Map<String, Object>> rows(String file, String path, SourceNode node) {
        if (!(node instanceof SourceNode.Sequence sequence)) {
            throw new FormatException(file, node.line(), path, "expected a list of rows, found " + node.kind());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            Fields row = Fields.of(file, path + "[" + i + "]", sequence.items().get(i));
            Map<String, Object> values = new LinkedHashMap<>();
            row.source().entries().forEach((column, value) -> {
                if (!(value instanceof SourceNode.Scalar scalar)) {
                    throw row.error(column, "a column value must be text, a number, a boolean or null, found " + value.kind());
                }
                values.put(column, SourceJson.scalar(scalar));
            });
            rows.add(values);
        }
        return rows;
    }

    private static BigDecimal number(Fields accounts, String id, SourceNode node) {
        String text = node instanceof SourceNode.Scalar s && s.text() != null ? s.text().strip() : "";
        try {
            return new BigDecimal(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw accounts.error(id, "expected a balance (a number), found " + (text.isEmpty() ? node.kind() : "'" + text + "'"));
        }
    }
}
