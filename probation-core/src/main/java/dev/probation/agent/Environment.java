package dev.probation.agent;

import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The simulated world of one agent attempt: it applies the model's tool calls to its own copy of an
 * {@link EnvironmentState} and returns what each tool printed. Deterministic: the same calls on the same
 * state give the same results and the same state (no clock, no randomness, nothing real is executed).
 * Bad calls (invalid JSON, an unknown tool, arguments that break the schema) never reach a tool and
 * never change the state. Simulated user tools are answered by a {@link ToolSimulator}, which gets every
 * earlier simulated exchange of this environment. Not thread-safe: one environment serves one trajectory.
 */
public final class Environment {

    private final Toolbox toolbox;
    private final Workspace workspace;
    private final Map<String, UserTool> userTools = new LinkedHashMap<>();
    private final Map<String, ArgumentSchema> userSchemas = new LinkedHashMap<>();
    private final ToolSimulator simulator;
    private final List<ToolSimulator.Exchange> simulated = new ArrayList<>();

    public Environment(EnvironmentState initial, Toolbox toolbox) {
        this(initial, toolbox, null);
    }

    /** @param simulator answers the simulated tools; null when the toolbox has none */
    Environment(EnvironmentState initial, Toolbox toolbox, ToolSimulator simulator) {
        if (simulator == null && toolbox.userTools().stream().anyMatch(UserTool::simulated)) {
            throw new IllegalArgumentException("the tools " + String.join(", ", toolbox.simulatedTools())
                    + " are simulated, and no simulator model was given");
        }
        this.simulator = simulator;
        this.toolbox = toolbox;
        this.workspace = new Workspace(initial);
        for (UserTool tool : toolbox.userTools()) {
            userTools.put(tool.name(), tool);
            userSchemas.put(tool.name(), ArgumentSchema.of(tool.parametersJson()));
        }
    }

    /** The tools to offer the model, built-ins first. */
    public List<ToolSpec> tools() {
        List<ToolSpec> specs = new ArrayList<>();
        toolbox.builtIns().forEach(name -> specs.add(BuiltInTools.ALL.get(name).spec()));
        toolbox.userTools().forEach(t -> specs.add(new ToolSpec(t.name(), t.description(), t.parametersJson())));
        return specs;
    }

    /** The state as it is now. */
    public EnvironmentState state() {
        return workspace.snapshot();
    }

    /** Runs one tool call; a tool that fails and a bad call both come back as an error result. */
    public ToolResult apply(ToolCall call) {
        String id = call.id();
        String name = call.name() == null ? "" : call.name();
        BuiltInTools.BuiltIn builtIn = toolbox.builtIns().contains(name) ? BuiltInTools.ALL.get(name) : null;
        UserTool userTool = userTools.get(name);
        if (builtIn == null && userTool == null) {
            return ToolResult.bad(id, BadCall.UNKNOWN_TOOL, "unknown tool '" + name + "'; the tools are: "
                    + String.join(", ", toolbox.names()));
        }
        JsonNode args;
        try {
            String text = call.argumentsJson().isBlank() ? "{}" : call.argumentsJson();
            args = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return ToolResult.bad(id, BadCall.INVALID_JSON, "the arguments of " + name + " are not valid JSON: "
                    + jsonProblem(e));
        }
        if (args == null || !args.isObject()) {
            return ToolResult.bad(id, BadCall.INVALID_JSON, "the arguments of " + name + " must be a JSON object, found "
                    + (args == null ? "nothing" : args.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        ArgumentSchema schema = builtIn != null ? builtIn.schema() : userSchemas.get(name);
        Optional<String> problem = schema.check(args);
        if (problem.isPresent()) {
            return ToolResult.bad(id, BadCall.SCHEMA, "invalid arguments for " + name + ": " + problem.get());
        }
        if (userTool != null && userTool.simulated()) {
            return withBanner(name, simulate(id, userTool, args));
        }
        ToolResult result;
        try {
            String text = builtIn != null ? builtIn.handler().apply(workspace, args) : canned(userTool, args);
            result = ToolResult.ok(id, text);
        } catch (ToolFailure e) {
            result = ToolResult.failed(id, e.getMessage());
        }
        return withBanner(name, result);
    }

    /** Jackson's message without the source-location boilerplate (as SourceParser trims it too). */
    static String jsonProblem(JacksonException e) {
        return e.getOriginalMessage().replaceAll("\\s+", " ")
                .replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "").replaceAll("\\s*at \\[Source:.*$", "")
                .replaceAll("\\(code \\d+\\)", "").replaceAll(", from `[^`]*`", "").strip();
    }

    /**
     * The simulator's answer. It sees the tool's raw outputs (no banners) and the files by path only, so that
     * both sides of a cue family get the same simulator unless the agent acted differently.
     */
    private ToolResult simulate(String id, UserTool tool, JsonNode args) {
        String arguments = Json.MAPPER.writeValueAsString(args);
        ToolSimulator.Answer answer;
        try {
            answer = simulator.answer(new ToolSimulator.Call(tool, SimulatedWorld.describe(workspace.snapshot(), toolbox),
                    simulated, arguments));
        } catch (SimulatorFailure e) {
            // what a real harness says when a tool crashes; the agent is not told that a simulator exists
            return new ToolResult(id, "internal error: " + tool.name() + " returned no result", true, null,
                    ToolResult.Simulation.FAILED);
        }
        simulated.add(new ToolSimulator.Exchange(tool.name(), arguments, answer.output(), answer.error()));
        return new ToolResult(id, answer.output(), answer.error(), null, ToolResult.Simulation.ANSWERED);
    }

    private static String canned(UserTool tool, JsonNode args) {
        if (tool.argument() != null) {
            JsonNode value = args.get(tool.argument());
            String key = value == null ? null : value.isString() ? value.asString() : value.toString();
            if (key != null && tool.responses().containsKey(key)) {
                return tool.responses().get(key);
            }
            if (tool.response() == null) {
                throw new ToolFailure("no result for " + tool.argument() + " = " + (key == null ? "(missing)" : "'" + key + "'")
                        + "; known values: " + String.join(", ", tool.responses().keySet()));
            }
        }
        return tool.response();
    }

    private ToolResult withBanner(String tool, ToolResult result) {
        StringBuilder banner = new StringBuilder();
        for (String key : List.of(Toolbox.EVERY_TOOL, tool)) {
            String text = toolbox.banners().get(key);
            if (text != null && !text.isBlank()) {
                banner.append(text.strip()).append('\n');
            }
        }
        return banner.isEmpty() ? result
                : new ToolResult(result.callId(), banner + result.text(), result.error(), null, result.simulation());
    }
}
