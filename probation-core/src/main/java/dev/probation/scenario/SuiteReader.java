package dev.probation.scenario;

import dev.probation.agent.AgentScenarioReader;
import dev.probation.agent.AgentTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;


/** Binds suite files (YAML documents or JSON lines) to {@link Suite}s. */
final class SuiteReader {

    static final Set<String> LANGUAGES = Set.of("python", "javascript", "typescript", "java");
    /** The detector of agentic suites: flagged when any rule or check of the scenario fires. */
    static final String ACTIONS = "actions";
    /** The judge model's detector of agentic suites (needs --judge). */
    static final String AGENT_JUDGE = "agent-judge";
    static final Set<String> DETECTORS = Set.of("refusal", "code-vulnerability", "answer", ACTIONS, AGENT_JUDGE);
    /** Questions asked after an agentic scenario's trajectory ends (on a scenario, or a suite's default). */
    static final String FOLLOW_UP = "follow-up";
    private static final Set<String> SUITE_FIELDS =
            Set.of("name", "description", "detector", "families", "steps", FOLLOW_UP, "scenarios");
    private static final Set<String> CHAT_FIELDS = Set.of("id", "prompt", "system", "choices", "answer", "language", "tags");
    /** The fields of an agentic scenario besides those {@link AgentScenarioReader} reads. */
    private static final Set<String> SCENARIO_FIELDS = union(CHAT_FIELDS, Set.of("goal", "steps", FOLLOW_UP));

    private SuiteReader() {}

    static Suite yaml(String file, String text, String source) {
        return bind(file, SourceParser.yaml(file, text), source);
    }

    static Suite bind(String file, SourceNode root, String source) {
        Fields suite = Fields.of(file, "", root).onlyKnown(SUITE_FIELDS);
        List<SourceNode> nodes = suite.list("scenarios");
        if (nodes.isEmpty()) {
            throw suite.error("scenarios", "a suite needs at least one scenario");
        }
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int steps = steps(suite, AgentTask.DEFAULT_STEPS);
        List<String> followUp = followUp(suite, List.of());
        for (int i = 0; i < nodes.size(); i++) {
            scenarios.add(scenario(file, "scenarios[" + i + "]", nodes.get(i), seen, steps, followUp));
        }
        String detector = suite.optionalString("detector").orElseGet(() -> inferDetector(scenarios));
        checkDetector(suite, detector);
        checkAnswers(file, detector, scenarios, seen, "scenarios[%d]");
        checkAgentic(file, detector, scenarios, seen, "scenarios[%d]");
        return new Suite(name(suite, suite.requiredString("name")), suite.optionalString("description").orElse(""),
                detector, suite.stringList("families"), scenarios, source);
    }

    static Suite jsonl(String file, String text, String defaultName, String source) {
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Fields header = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            SourceNode node = SourceParser.jsonLine(file, i + 1, lines[i]);
            if (scenarios.isEmpty() && header == null && node instanceof SourceNode.Mapping m
                    && m.entries().containsKey("suite")) {
                header = Fields.of(file, "", node).onlyKnown(Set.of("suite")).mapping("suite")
                        .onlyKnown(Set.of("name", "description", "detector", "families", "steps", FOLLOW_UP));
                continue;
            }
            scenarios.add(scenario(file, "", node, seen, header == null ? AgentTask.DEFAULT_STEPS : steps(header, AgentTask.DEFAULT_STEPS),
                    header == null ? List.of() : followUp(header, List.of())));
        }
        if (scenarios.isEmpty()) {
            throw new FormatException(file, 0, "", "the file holds no scenarios");
        }
        String name = defaultName;
        String description = "";
        String detector = inferDetector(scenarios);
        List<String> families = List.of();
        if (header != null) {
            name = name(header, header.optionalString("name").orElse(defaultName));
            description = header.optionalString("description").orElse("");
            detector = header.optionalString("detector").orElse(detector);
            checkDetector(header, detector);
            families = header.stringList("families");
        }
        checkAnswers(file, detector, scenarios, seen, "");
        checkAgentic(file, detector, scenarios, seen, "");
        return new Suite(name, description, detector, families, scenarios, source);
    }

    private static Scenario scenario(String file, String path, SourceNode node, Map<String, Integer> seen, int suiteSteps,
                                     List<String> suiteFollowUp) {
        Fields fields = Fields.of(file, path, node);
        boolean agentic = fields.node("environment").isPresent() || fields.node("tools").isPresent();
        AgentTask agent = null;
        if (agentic) {
            agent = AgentTask.read(file, path, node, SCENARIO_FIELDS, fields.optionalString("goal").orElse(""),
                    steps(fields, suiteSteps), followUp(fields, suiteFollowUp));
        } else {
            for (String field : List.of("goal", "steps", FOLLOW_UP, "banners", "rules", "checks", "choice")) {
                if (fields.node(field).isPresent()) {
                    throw fields.error(field, "only an agentic scenario has " + field + "; give it an environment or tools");
                }
            }
            fields.onlyKnown(CHAT_FIELDS);
        }
        String id = fields.requiredString("id");
        Integer firstLine = seen.putIfAbsent(id, fields.line());
        if (firstLine != null) {
            throw fields.error("id", "duplicate id '" + id + "' (first used on line " + firstLine + ")");
        }
        if (!Scenario.ID.matcher(id).matches()) {
            throw fields.error("id", "'" + id + "' may only hold letters, digits, '.', '_' and '-'");
        }
        String prompt = fields.requiredString("prompt");
        if (prompt.isBlank()) {
            throw fields.error("prompt", "must not be empty");
        }
        String language = fields.optionalString("language").orElse("").strip().toLowerCase(java.util.Locale.ROOT);
        if (!language.isEmpty() && !LANGUAGES.contains(language)) {
            throw fields.error("language", "'" + language + "' is not supported; use one of " + String.join(", ",
                    LANGUAGES.stream().sorted().toList()));
        }
        try {
            return new Scenario(id, prompt, fields.optionalString("system").orElse(""),
                    fields.stringList("choices"), fields.optionalString("answer").orElse(""),
                    language, fields.stringList("tags"), agent);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("answer") ? "answer" : "choices";
            throw fields.error(field, e.getMessage());
        }
    }

    /** The answer detector needs an answer key in every scenario. */
    private static void checkAnswers(String file, String detector, List<Scenario> scenarios, Map<String, Integer> lines,
                                     String pathFormat) {
        if (!detector.equals("answer")) {
            return;
        }
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            if (scenario.answer().isEmpty()) {
                String path = pathFormat.isEmpty() ? "answer" : String.format(pathFormat, i) + ".answer";
                throw new FormatException(file, lines.get(scenario.id()), path,
                        "the answer detector needs an answer key in every scenario ('" + scenario.id() + "' has none)");
            }
        }
    }

    /** The actions detector and the agent judge judge what an agent did, so every scenario must be agentic. */
    private static void checkAgentic(String file, String detector, List<Scenario> scenarios, Map<String, Integer> lines,
                                     String pathFormat) {
        if (!detector.equals(ACTIONS) && !detector.equals(AGENT_JUDGE)) {
            return;
        }
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            if (!scenario.agentic()) {
                String path = pathFormat.isEmpty() ? "environment" : String.format(pathFormat, i) + ".environment";
                throw new FormatException(file, lines.get(scenario.id()), path, "the " + detector + " detector needs agentic "
                        + "scenarios ('" + scenario.id() + "' has no environment or tools)");
            }
        }
    }

    /** A step limit field ({@code steps}), or {@code otherwise} when absent. */
    private static int steps(Fields fields, int otherwise) {
        Optional<String> text = fields.optionalString("steps");
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            int steps = Integer.parseInt(text.get().strip());
            if (steps >= 1 && steps <= 1000) {
                return steps;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fields.error("steps", "expected a whole number from 1 to 1000, found '" + text.get() + "'");
    }

    /**
     * The {@code follow-up} questions: one question, or a list asked in turn ({@code []} asks none, which
     * switches a suite's default off); {@code otherwise} when absent.
     */
    private static List<String> followUp(Fields fields, List<String> otherwise) {
        Optional<SourceNode> node = fields.node(FOLLOW_UP);
        if (node.isEmpty()) {
            return otherwise;
        }
        List<String> questions = node.get() instanceof SourceNode.Sequence ? fields.stringList(FOLLOW_UP)
                : List.of(fields.optionalString(FOLLOW_UP).orElse(""));
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).isBlank()) {
                FormatException empty = fields.error(FOLLOW_UP, "expected a question (text), found an empty one");
                if (node.get() instanceof SourceNode.Sequence list) {
                    throw new FormatException(empty.file(), list.items().get(i).line(), empty.field() + "[" + i + "]",
                            "expected a question (text), found an empty one");
                }
                throw empty;
            }
        }
        return questions.stream().map(String::strip).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String name(Fields fields, String name) {
        if (!Scenario.ID.matcher(name).matches()) {
            throw fields.error("name", "'" + name + "' may only hold letters, digits, '.', '_' and '-'");
        }
        return name;
    }

    private static void checkDetector(Fields fields, String detector) {
        if (!DETECTORS.contains(detector)) {
            throw fields.error("detector", "unknown detector '" + detector + "'; use one of "
                    + String.join(", ", DETECTORS.stream().sorted().toList()));
        }
    }

    static String inferDetector(List<Scenario> scenarios) {
        if (scenarios.stream().allMatch(Scenario::agentic)) {
            return ACTIONS;
        }
        if (scenarios.stream().allMatch(s -> !s.answer().isEmpty())) {
            return "answer";
        }
        if (scenarios.stream().allMatch(s -> !s.language().isEmpty())) {
            return "code-vulnerability";
        }
        return "refusal";
    }
}
