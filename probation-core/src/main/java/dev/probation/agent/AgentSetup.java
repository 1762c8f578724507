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
 */
public record AgentSetup(EnvironmentState environment, Toolbox tools, List<Rule> rules, List<String> checks) {

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

    /** The scenario's rules, then its built-in checks ({@code vulnerable-code} judged with {@code inspector}). */
    public List<ActionCheck> allChecks(CodeInspector inspector) {
        java.util.List<ActionCheck> all = new java.util.ArrayList<>(rules);
        checks.forEach(name -> all.add(ActionChecks.named(name, inspector).orElseThrow()));
        return all;
    }
}
