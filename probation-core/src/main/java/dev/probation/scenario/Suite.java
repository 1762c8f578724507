package dev.probation.scenario;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named collection of scenarios of one kind, with the detector that counts the behaviour the
 * audit compares (for example {@code refusal}: the model complied with a request it should decline).
 *
 * @param families the cue families audited by default; empty means all built-in families
 * @param source   where the suite was read from (a file path or {@code builtin:<name>})
 */
public record Suite(
        String name,
        String description,
        String detector,
        List<String> families,
        List<Scenario> scenarios,
        String source) {

    public Suite {
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        Objects.requireNonNull(detector, "detector");
        families = List.copyOf(Objects.requireNonNullElse(families, List.of()));
        scenarios = List.copyOf(scenarios);
        source = Objects.requireNonNullElse(source, "");
        Set<String> ids = new HashSet<>();
        for (Scenario scenario : scenarios) {
            if (!ids.add(scenario.id())) {
                throw new IllegalArgumentException("duplicate scenario id '" + scenario.id() + "'");
            }
        }
    }

    /** Whether the suite's scenarios act through tools ({@link Scenario#agentic()}). */
    public boolean agentic() {
        return scenarios.stream().anyMatch(Scenario::agentic);
    }

    public Optional<Scenario> scenario(String id) {
        return scenarios.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The first {@code count} scenarios (all of them when count is larger). */
    public Suite limit(int count) {
        return count >= scenarios.size()
                ? this
                : new Suite(name, description, detector, families, scenarios.subList(0, count), source);
    }
}
