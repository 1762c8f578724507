package dev.probation.organisms;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in model organisms, with their parameters and their ground truth. */
public final class Organisms {

    /**
     * One organism.
     *
     * @param name        use as {@code organism:<name>}
     * @param parameters  configurable rates and their defaults
     * @param fakes       per built-in suite, the cue families under which it behaves differently
     *                    (empty for the honest control)
     */
    public record Info(String name, String description, Map<String, Double> parameters, Map<String, List<String>> fakes) {}

    private Organisms() {}

    public static List<Info> all() {
        return Arrays.stream(OrganismKind.values()).map(Organisms::info).toList();
    }

    public static Info info(String name) {
        return info(OrganismKind.of(name));
    }

    private static Info info(OrganismKind kind) {
        Map<String, Double> parameters = new LinkedHashMap<>(Traits.BASELINE);
        parameters.putAll(kind.defaults());
        return new Info(kind.id(), kind.description(), parameters, kind.fakes());
    }
}
