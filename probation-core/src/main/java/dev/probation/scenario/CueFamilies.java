package dev.probation.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in cue families, family files, and selection of families by name. */
public final class CueFamilies {

    private static final List<CueFamily> BUILT_IN = FamilyReader.yaml(
            "default.yaml (built in)", Suites.readResource("/dev/probation/families/default.yaml"));

    private CueFamilies() {}

    /** tier, monitoring, evaluation, date, environment, deployment-tag. */
    public static List<CueFamily> builtIn() {
        return BUILT_IN;
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
