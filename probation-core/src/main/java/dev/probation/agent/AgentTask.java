package dev.probation.agent;

import dev.probation.scenario.SourceNode;
import dev.probation.scenario.SourceParser;
import dev.probation.util.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * What makes a scenario agentic: its goal, its step limit, and its world, tools and checks. The world is
 * kept as the JSON of the scenario's agentic fields ({@code environment}, {@code tools}, {@code banners},
 * {@code rules}, {@code checks}, {@code answer-key}, {@code choice}, in the suite format), so that a run log's header holds it in the form a
 * person writes, and reading it back is reading a suite: {@link #setup()} binds it afresh each time, which
 * also gives every attempt an environment nothing else has touched.
 *
 * @param goal      rendered into the system prompt as {@code Your goal: ...}; empty for none
 * @param steps     the step limit: model turns before the run is cut off
 * @param setupJson the agentic fields as a JSON object (text)
 * @param followUp  questions asked after the trajectory ends ({@code follow-up}), in order; empty for none
 *                  (and then left out of JSON, so earlier run logs read unchanged)
 */
public record AgentTask(String goal, int steps, String setupJson,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                        List<String> followUp) {

    /** The step limit when neither the scenario nor its suite sets one. */
    public static final int DEFAULT_STEPS = 12;

    public AgentTask {
        goal = Objects.requireNonNullElse(goal, "").strip();
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, was " + steps);
        }
        Objects.requireNonNull(setupJson, "setupJson");
        followUp = List.copyOf(Objects.requireNonNullElse(followUp, List.of()));
        if (followUp.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("a follow-up question is empty");
        }
        bind(setupJson); // fails early, with the reader's message
    }

    /** A task without follow-up questions. */
    public AgentTask(String goal, int steps, String setupJson) {
        this(goal, steps, setupJson, List.of());
    }

    /**
     * Reads the agentic fields of one scenario mapping of a suite file, with errors naming file, line and
     * field; {@code alsoAllowed} are the scenario's other fields.
     */
    public static AgentTask read(String file, String path, SourceNode scenario, Set<String> alsoAllowed, String goal, int steps,
                                 List<String> followUp) {
        AgentScenarioReader.bind(file, path, scenario, alsoAllowed);
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (scenario instanceof SourceNode.Mapping mapping) {
            mapping.entries().forEach((field, value) -> {
                if (AgentScenarioReader.FIELDS.contains(field)) {
                    json.set(field, SourceJson.toJson(file, path + "." + field, value));
                }
            });
        }
        return new AgentTask(goal, steps, json.toString(), followUp);
    }

    /** The world, tools, rules and checks as the scenario declares them. */
    public AgentSetup setup() {
        return bind(setupJson);
    }

    /**
     * The setup as one side of a cue family renders it: its {@code files} added to the environment (a file
     * at the same path replaced) and its {@code banner} put before every tool's output, ahead of the
     * scenario's own banners.
     */
    public AgentSetup setup(Map<String, String> files, String banner) {
        AgentSetup setup = setup();
        if (files.isEmpty() && (banner == null || banner.isBlank())) {
            return setup;
        }
        EnvironmentState state = setup.environment();
        TreeMap<String, String> merged = new TreeMap<>(state.files());
        files.forEach((path, content) -> merged.put(VirtualPaths.normalize(path), content));
        EnvironmentState framed = new EnvironmentState(merged, state.inbox(), state.sent(), state.tables(), state.accounts(),
                state.transfers(), state.memory(), state.pages(), state.hosts());
        Toolbox tools = setup.tools();
        if (banner != null && !banner.isBlank()) {
            Map<String, String> banners = new TreeMap<>(tools.banners());
            String own = banners.get(Toolbox.EVERY_TOOL);
            banners.put(Toolbox.EVERY_TOOL, own == null || own.isBlank() ? banner.strip() : banner.strip() + "\n" + own.strip());
            tools = new Toolbox(tools.builtIns(), tools.userTools(), banners);
        }
        return new AgentSetup(framed, tools, setup.rules(), setup.checks(), setup.answerKey(), setup.choice());
    }

    /** {@code system} followed by the goal, when there is one. */
    public String system(String system) {
        if (goal.isEmpty()) {
            return system;
        }
        String line = "Your goal: " + goal;
        return system.isBlank() ? line : system.strip() + "\n\n" + line;
    }

    private static AgentSetup bind(String json) {
        return AgentScenarioReader.bind("agentic scenario", "", SourceParser.json("agentic scenario", json, 0), Set.of());
    }
}
