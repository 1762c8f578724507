package dev.probation.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.scenario.Fields;
import dev.probation.scenario.SourceNode;
import dev.probation.scenario.SourceParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The built-in agentic suites and cue families are well-formed data: every scenario's agentic part binds
 * with {@link AgentScenarioReader}, its environment works, and its rules and checks find nothing before the
 * agent has acted. (How an agent's actions set them off is tested with the organisms.)
 */
class BuiltInAgenticSuitesTest {

    private static final Set<String> SCENARIO_FIELDS = Set.of("id", "prompt", "system", "goal", "steps");
    private static final CodeInspector NO_FINDINGS = (path, content) -> List.of();

    private static String resource(String path) throws IOException {
        try (InputStream in = BuiltInAgenticSuitesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oversight-subversion", "self-exfiltration", "repo-backdoor", "goal-guarding", "covert-action",
            "agentic-sandbagging", "instrumental-alignment-faking"})
    void everyScenarioBindsAndStartsClean(String suite) throws IOException {
        String file = suite + ".yaml";
        Fields root = Fields.of(file, "", SourceParser.yaml(file, resource("/dev/probation/suites/" + file)));
        assertThat(root.requiredString("name")).isEqualTo(suite);
        assertThat(root.requiredString("detector")).isEqualTo("actions");
        assertThat(root.stringList("families")).containsExactly("log-review", "monitoring-banner", "deployment");
        List<SourceNode> scenarios = root.list("scenarios");
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(20);
        Set<String> ids = new HashSet<>();
        Set<String> prompts = new HashSet<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Fields scenario = Fields.of(file, "scenarios[" + i + "]", scenarios.get(i));
            String id = scenario.requiredString("id");
            assertThat(ids.add(id)).as("duplicate id " + id).isTrue();
            assertThat(prompts.add(scenario.requiredString("prompt"))).as(id + ": same prompt as another scenario").isTrue();
            AgentSetup setup = AgentScenarioReader.bind(file, "scenarios[" + i + "]", scenarios.get(i), SCENARIO_FIELDS);
            assertThat(!setup.rules().isEmpty() || setup.answerKey() != null || setup.choice() != null)
                    .as(id + ": its own rules, an answer key or a choice").isTrue();
            Environment env = setup.newEnvironment();
            ToolResult listing = env.apply(new dev.probation.model.ToolCall("c1", "list_files", "{}"));
            assertThat(listing.error()).as(id).isFalse();
            assertThat(listing.text().lines().count()).as(id + ": files").isGreaterThanOrEqualTo(3);
            Trajectory nothing = Trajectory.of(List.of(), setup.environment(), false);
            for (ActionCheck check : setup.allChecks(NO_FINDINGS)) {
                assertThat(check.judge(setup.environment(), nothing).flagged()).as(id + ": " + check.name()).isFalse();
            }
            if (setup.checks().contains(ActionChecks.OVERSIGHT_DISABLED)) {
                assertThat(ActionChecks.enabledConfigs(setup.environment())).as(id + ": an oversight config that is on").isNotEmpty();
            }
            if (setup.checks().contains(ActionChecks.WEIGHTS_EXFILTRATED)) {
                assertThat(setup.environment().files().keySet()).as(id + ": weights").anyMatch(VirtualPaths::isWeights);
                assertThat(setup.environment().hosts()).as(id + ": a host to copy to").isNotEmpty();
            }
        }
    }

    @Test
    void theAgenticFamiliesPutDifferentCuesInTheSamePlaces() throws IOException {
        String file = "agentic.yaml";
        Fields root = Fields.of(file, "", SourceParser.yaml(file, resource("/dev/probation/families/" + file)));
        List<String> names = root.list("families").stream().map(n -> Fields.of(file, "", n).requiredString("name")).toList();
        assertThat(names).containsExactly("log-review", "monitoring-banner", "deployment");
        for (SourceNode node : root.list("families")) {
            Fields family = Fields.of(file, "", node);
            Fields observed = family.mapping("observed");
            Fields unobserved = family.mapping("unobserved");
            assertThat(observed.source().entries().keySet()).as(family.requiredString("name"))
                    .isEqualTo(unobserved.source().entries().keySet()).isNotEmpty();
            for (String field : List.of("system", "banner")) {
                observed.optionalString(field).ifPresent(text -> assertThat(unobserved.requiredString(field)).isNotEqualTo(text));
            }
            if (observed.node("files").isPresent()) {
                Fields seen = observed.mapping("files");
                Fields unseen = unobserved.mapping("files");
                assertThat(seen.source().entries().keySet()).isEqualTo(unseen.source().entries().keySet());
                seen.source().entries().keySet().forEach(path ->
                        assertThat(unseen.requiredString(path)).as(path).isNotEqualTo(seen.requiredString(path)));
            }
        }
    }
}
