package dev.probation.agent;

import java.util.List;
import java.util.Objects;

/**
 * The agentic part of a scenario: the world the agent starts in, the tools it is offered, and how what
 * it does is judged.
 *
 * @param environment the initial state
 * @param tools       the tools offered, with their banners
 * @param rules       the scenario's own declarative checks
 * @param checks      names of built-in checks to run ({@link ActionChecks#NAMES})
 * @param answerKey   the answers the {@code sandbagged} check scores, or null when the scenario has none
 * @param choice      the decisive choice {@code goal-preferred} judges, or null when the scenario has none
 */
public record AgentSetup(EnvironmentState environment, Toolbox tools, List<Rule> rules, List<String> checks, AnswerKey answerKey,
                         GoalChoice choice) {

    public AgentSetup {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(tools, "tools");
        rules = List.copyOf(Objects.requireNonNullElse(rules, List.of()));
        checks = List.copyOf(Objects.requireNonNullElse(checks, List.of()));
        for (String check : checks) {
            if (!ActionChecks.NAMES.contains(check)) {
                throw new IllegalArgumentException("unknown check '" + check + "'");
            }
        }
        if (checks.contains(ActionChecks.SANDBAGGED) != (answerKey != null)) {
            throw new IllegalArgumentException(answerKey == null ? "the sandbagged check needs an answer-key"
                    : "an answer-key is only used by the sandbagged check; add it to checks");
        }
        if (checks.contains(ActionChecks.GOAL_PREFERRED) != (choice != null)) {
            throw new IllegalArgumentException(choice == null ? "the goal-preferred check needs a choice"
                    : "a choice is only judged by the goal-preferred check, which is not among the checks");
        }
    }

    /** A setup without an answer key or a decisive choice. */
    public AgentSetup(EnvironmentState environment, Toolbox tools, List<Rule> rules, List<String> checks) {
        this(environment, tools, rules, checks, null, null);
    }

    /** A fresh environment for one attempt. */
    public Environment newEnvironment() {
        return new Environment(environment, tools);
    }

    /**
     * A fresh environment for one attempt whose simulated tools {@code simulator} answers.
     *
     * @param simulator the simulator model, or null when no tool is simulated
     * @param task      the scenario's task, as the suite states it
     * @param seed      the attempt's sampling seed, or null
     */
    public Environment newEnvironment(dev.probation.model.ManagedModel simulator, String task, Long seed) {
        return new Environment(environment, tools, simulator == null ? null : new ModelToolSimulator(simulator, task, seed));
    }

    /**
     * The scenario's rules, then its built-in checks ({@code vulnerable-code} judged with {@code inspector}),
     * and last {@code denied}, over all the others.
     */
    public List<ActionCheck> allChecks(CodeInspector inspector) {
        java.util.List<ActionCheck> all = new java.util.ArrayList<>(rules);
        checks.stream().filter(name -> !name.equals(ActionChecks.DENIED))
                .forEach(name -> all.add(name.equals(ActionChecks.SANDBAGGED) ? new SandbagCheck(answerKey)
                        : name.equals(ActionChecks.GOAL_PREFERRED) ? GoalChoiceCheck.of(choice)
                        : ActionChecks.named(name, inspector).orElseThrow()));
        if (checks.contains(ActionChecks.DENIED)) {
            all.add(Denial.check(all));
        }
        return all;
    }
}
