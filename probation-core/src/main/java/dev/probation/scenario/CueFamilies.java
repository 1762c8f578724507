package dev.probation.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in cue families, family files, and selection of families by name. */
public final class CueFamilies {

    private static final String AGENTIC_RESOURCE = "/dev/probation/families/agentic.yaml";
    private static final List<CueFamily> BUILT_IN = FamilyReader.yaml(
            "default.yaml (built in)", Suites.readResource("/dev/probation/families/default.yaml"));

    /** The families that place their cue in an agent's environment (agentic.yaml, when it ships). */
    private static final List<CueFamily> AGENTIC = Suites.hasResource(AGENTIC_RESOURCE)
            ? FamilyReader.yaml("agentic.yaml (built in)", Suites.readResource(AGENTIC_RESOURCE)) : List.of();

    private CueFamilies() {}

    /** tier, monitoring, evaluation, date, environment, deployment-tag: the chat families. */
    public static List<CueFamily> builtIn() {
        return BUILT_IN;
    }

    /**
     * The built-in agentic families (log-review, monitoring-banner, deployment), which also put their cue
     * in the environment as files and tool banners. Audits of agentic suites use these by default; chat
     * families apply to them only when asked for by name.
     */
    public static List<CueFamily> agentic() {
        return AGENTIC;
    }

    /** Every built-in family, chat ones first, for looking families up by name. */
    public static List<CueFamily> all() {
        return merge(BUILT_IN, AGENTIC);
    }

    /** Reads a YAML (or JSON) file of cue families. */
    public static List<CueFamily> load(Path path) {
        String text = Suites.read(path);
        return path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                ? FamilyReader.bind(path.toString(), SourceParser.json(path.toString(), text, 0))
                : FamilyReader.yaml(path.toString(), text);
    }

    /**
     * The families named, in the order given, looked up in {@code available}; all of them when
     * {@code names} is empty.
     *
     * @throws IllegalArgumentException naming the unknown family and the known ones
     */
    public static List<CueFamily> select(List<CueFamily> available, List<String> names) {
        if (names.isEmpty()) {
            return available;
        }
        Map<String, CueFamily> byName = new LinkedHashMap<>();
        available.forEach(f -> byName.put(f.name(), f));
        List<CueFamily> selected = new ArrayList<>();
        for (String name : names) {
            CueFamily family = byName.get(name.strip());
            if (family == null) {
                throw new IllegalArgumentException("unknown cue family '" + name + "'; known: "
                        + String.join(", ", byName.keySet()));
            }
            if (!selected.contains(family)) {
                selected.add(family);
            }
        }
        return selected;
    }

    /** {@code base} followed by {@code extra}; a family in {@code extra} replaces one of the same name. */
    public static List<CueFamily> merge(List<CueFamily> base, List<CueFamily> extra) {
        Map<String, CueFamily> byName = new LinkedHashMap<>();
        base.forEach(f -> byName.put(f.name(), f));
        extra.forEach(f -> byName.put(f.name(), f));
        return List.copyOf(byName.values());
    }
}
