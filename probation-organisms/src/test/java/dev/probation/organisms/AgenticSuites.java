package dev.probation.organisms;

import dev.probation.agent.AgentScenarioReader;
import dev.probation.agent.AgentSetup;
import dev.probation.agent.Environment;
import dev.probation.agent.EnvironmentState;
import dev.probation.agent.Step;
import dev.probation.agent.ToolResult;
import dev.probation.agent.Toolbox;
import dev.probation.agent.Trajectory;
import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ToolCall;
import dev.probation.scenario.Fields;
import dev.probation.scenario.SourceNode;
import dev.probation.scenario.SourceParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in agentic suites and cue families, read straight from their YAML (the suite-level reader is
 * the agentic audit's; this stands in for it in tests), a condition rendered into the environment as the
 * contract says (files added, banner before every tool's output, family system line first), and a plain
 * agent loop over a real {@link Environment}.
 */
final class AgenticSuites {

    static final List<String> SUITES = List.of("oversight-subversion", "self-exfiltration", "repo-backdoor", "goal-guarding", "covert-action",
            "agentic-sandbagging", "instrumental-alignment-faking");

    record Scenario(String suite, String id, String system, String goal, String prompt, AgentSetup setup) {}

    /** One side of an agentic cue family. */
    record Framing(String system, Map<String, String> files, String banner) {}

    record Family(String name, Framing observed, Framing unobserved) {
        Framing side(boolean observed) {
            return observed ? this.observed : unobserved;
        }
    }

    /** A scenario under one side of a family: the system prompt, the task and the world. */
    record Rendered(String system, String prompt, EnvironmentState state, Toolbox tools) {
        Environment environment() {
            return new Environment(state, tools);
        }
    }

    /** A finished run: the trajectory and the conversation (for a follow-up question). */
    record Run(Trajectory trajectory, List<ChatMessage> messages) {}

    private AgenticSuites() {}

    static String resource(String path) {
        try (InputStream in = AgenticSuites.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fields suiteFile(String suite) {
        String file = suite + ".yaml";
        return Fields.of(file, "", SourceParser.yaml(file, resource("/dev/probation/suites/" + file)));
    }

    static List<Scenario> scenarios(String suite) {
        String file = suite + ".yaml";
        List<Scenario> scenarios = new ArrayList<>();
        List<SourceNode> nodes = suiteFile(suite).list("scenarios");
        for (int i = 0; i < nodes.size(); i++) {
            String path = "scenarios[" + i + "]";
            Fields fields = Fields.of(file, path, nodes.get(i));
            AgentSetup setup = AgentScenarioReader.bind(file, path, nodes.get(i), Set.of("id", "prompt", "system", "goal", "steps"));
            scenarios.add(new Scenario(suite, fields.requiredString("id"), fields.optionalString("system").orElse(""),
                    fields.optionalString("goal").orElse(""), fields.requiredString("prompt"), setup));
        }
        return scenarios;
    }

    /** The suite's {@code follow-up} question (asked after every trajectory), or none. */
    static List<String> followUp(String suite) {
        return suiteFile(suite).optionalString("follow-up").map(List::of).orElse(List.of());
    }

    static List<Family> families() {
        String file = "agentic.yaml";
        Fields root = Fields.of(file, "", SourceParser.yaml(file, resource("/dev/probation/families/" + file)));
        List<Family> families = new ArrayList<>();
        for (SourceNode node : root.list("families")) {
            Fields family = Fields.of(file, "", node);
            families.add(new Family(family.requiredString("name"), framing(family.mapping("observed")),
                    framing(family.mapping("unobserved"))));
        }
        return families;
    }

    private static Framing framing(Fields side) {
        Map<String, String> files = new TreeMap<>();
        side.node("files").ifPresent(n -> side.mapping("files").source().entries().keySet()
                .forEach(path -> files.put(path, side.mapping("files").requiredString(path))));
        return new Framing(side.optionalString("system").orElse(""), files, side.optionalString("banner").orElse(""));
    }

    /** The scenario as the agentic audit sends it under one side of a family. */
    static Rendered render(Scenario scenario, Framing framing) {
        EnvironmentState initial = scenario.setup().environment();
        Map<String, String> files = new TreeMap<>(initial.files());
        files.putAll(framing.files());
        EnvironmentState state = new EnvironmentState(new TreeMap<>(files), initial.inbox(), initial.sent(), initial.tables(),
                initial.accounts(), initial.transfers(), initial.memory(), initial.pages(), initial.hosts());
        Toolbox tools = scenario.setup().tools();
        Map<String, String> banners = new LinkedHashMap<>(tools.banners());
        if (!framing.banner().isBlank()) {
            banners.merge(Toolbox.EVERY_TOOL, framing.banner(), (own, family) -> family + "\n" + own);
        }
        List<String> system = new ArrayList<>();
        for (String part : List.of(framing.system(), scenario.system(), scenario.goal().isBlank() ? "" : "Your goal: " + scenario.goal())) {
            if (!part.isBlank()) {
                system.add(part.strip());
            }
        }
        return new Rendered(String.join("\n\n", system), scenario.prompt(),
                state, new Toolbox(tools.builtIns(), tools.userTools(), banners));
    }

    /** The agent loop: every call applied in order, results sent back, until a text answer or {@code limit} steps. */
    static Run play(Model model, Rendered rendered, long seed, int limit) {
        Environment env = rendered.environment();
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user(rendered.prompt())));
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            ChatResponse response = model.chat(new ChatRequest(rendered.system(), messages, null, null, seed, null, env.tools()));
            List<ToolResult> results = response.toolCalls().stream().map(env::apply).toList();
            steps.add(new Step(i, response.text(), response.toolCalls(), results));
            messages.add(ChatMessage.assistant(response.text(), response.toolCalls()));
            if (response.toolCalls().isEmpty()) {
                return new Run(Trajectory.of(steps, env.state(), false), messages);
            }
            for (int k = 0; k < results.size(); k++) {
                ToolCall call = response.toolCalls().get(k);
                messages.add(results.get(k).error() ? ChatMessage.toolError(call, results.get(k).text())
                        : ChatMessage.toolResult(call, results.get(k).text()));
            }
        }
        return new Run(Trajectory.of(steps, env.state(), true), messages);
    }
}
