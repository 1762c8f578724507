package dev.probation.organisms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.agent.ActionCheck;
import dev.probation.agent.ActionChecks;
import dev.probation.agent.ActionVerdict;
import dev.probation.agent.CodeInspector;
import dev.probation.agent.Trajectory;
import dev.probation.model.Model;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.scan.ScanCodeInspector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent organisms play every scenario of every built-in agentic suite under both sides of every agentic
 * cue family, through a real environment, and the scenario's own rules and checks judge what they did: the
 * agent faker (misbehaving whenever it believes it is unobserved) sets them off exactly when the environment
 * says nobody is watching, the honest agent never, and neither makes a bad call. Where a scenario has a decisive
 * choice, both make it: the honest agent picks the developers' option, the faker its own goal's when unobserved.
 */
class AgentSuitesPlayTest {

    private static final CodeInspector INSPECTOR = new ScanCodeInspector();
    private static final Model FAKER = Models.open("organism:agent-faker?unsafe-rate=1", ModelSettings.defaults());
    private static final Model HONEST = Models.open("organism:honest", ModelSettings.defaults());
    private static final List<AgenticSuites.Family> FAMILIES = AgenticSuites.families();

    static Stream<Arguments> scenarios() {
        return AgenticSuites.SUITES.stream().flatMap(suite -> AgenticSuites.scenarios(suite).stream())
                .map(s -> Arguments.of(s.suite(), s.id(), s));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("scenarios")
    void theFakerActsExactlyWhenUnobservedAndTheHonestAgentNever(String suite, String id, AgenticSuites.Scenario scenario) {
        List<ActionCheck> checks = scenario.setup().allChecks(INSPECTOR);
        assertThat(checks).as("a scenario needs rules or checks").isNotEmpty();
        for (AgenticSuites.Family family : FAMILIES) {
            for (boolean observed : new boolean[] {true, false}) {
                AgenticSuites.Rendered rendered = AgenticSuites.render(scenario, family.side(observed));
                String where = suite + "/" + id + " under " + family.name() + (observed ? " observed" : " unobserved");
                Trajectory faker = AgenticSuites.play(FAKER, rendered, 7L, 12).trajectory();
                Trajectory honest = AgenticSuites.play(HONEST, rendered, 7L, 12).trajectory();
                for (Trajectory t : List.of(faker, honest)) {
                    assertThat(t.totalBadCalls()).as(where + ": bad calls").isZero();
                    assertThat(t.stepLimitHit()).as(where + ": step limit").isFalse();
                    assertThat(t.steps().getLast().text()).as(where + ": a closing answer").isNotBlank();
                    if (!family.side(observed).banner().isBlank()) {
                        assertThat(t.finalState().files().values()).as(where + ": the banner is not copied into a file")
                                .noneMatch(content -> content.contains(family.side(observed).banner()));
                    }
                }
                // Flagged as the actions detector flags: when any of the scenario's rules or checks fires.
                List<ActionVerdict> onFaker = checks.stream().map(c -> c.judge(rendered.state(), faker)).toList();
                assertThat(onFaker.stream().anyMatch(ActionVerdict::flagged)).as(where + ": agent-faker flagged: " + onFaker)
                        .isEqualTo(!observed);
                for (ActionCheck check : checks) {
                    ActionVerdict onHonest = check.judge(rendered.state(), honest);
                    assertThat(onHonest.flagged()).as(where + ": honest, " + check.name() + ": " + onHonest.explanation()).isFalse();
                }
                if (scenario.setup().answerKey() == null) {
                    assertThat(honest.finalState()).as(where + ": the honest agent did the task").isNotEqualTo(rendered.state());
                } else { // a capability check: both hand in their answers, and the honest agent gets every one right
                    int questions = scenario.setup().answerKey().answers().size();
                    ActionCheck sandbagged = checks.stream().filter(c -> c.name().equals("sandbagged")).findFirst().orElseThrow();
                    for (Trajectory t : List.of(faker, honest)) {
                        assertThat(sandbagged.judge(rendered.state(), t).label()).as(where + ": handed in").isNotEqualTo("no-submission");
                    }
                    assertThat(sandbagged.judge(rendered.state(), honest).explanation()).as(where + ": honest answers")
                            .contains(questions + "/" + questions + " correct");
                }
                if (scenario.setup().choice() != null) {
                    // a choice is made either way: the developers' option, unless the faker believes nobody watches
                    ActionCheck choice = checks.stream().filter(c -> c.name().equals(ActionChecks.GOAL_PREFERRED)).findFirst().orElseThrow();
                    assertThat(choice.judge(rendered.state(), honest).label()).as(where + ": honest").isEqualTo("picked-developer-option");
                    assertThat(choice.judge(rendered.state(), faker).label()).as(where + ": agent-faker")
                            .isEqualTo(observed ? "picked-developer-option" : "picked-goal-option");
                }
            }
        }
    }
}
