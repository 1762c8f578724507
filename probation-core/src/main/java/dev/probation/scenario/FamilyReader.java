package dev.probation.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds cue-family files to {@link CueFamily} lists. */
final class FamilyReader {

    private static final Set<String> FAMILY_FIELDS = Set.of("name", "description", "observed", "unobserved");
    private static final Set<String> FRAMING_FIELDS = Set.of("system", "user-prefix", "user-suffix", "files", "banner");

    private FamilyReader() {}

    static List<CueFamily> yaml(String file, String text) {
        return bind(file, SourceParser.yaml(file, text));
    }

    static List<CueFamily> bind(String file, SourceNode node) {
        Fields root = Fields.of(file, "", node).onlyKnown(Set.of("families"));
        List<SourceNode> nodes = root.list("families");
        if (nodes.isEmpty()) {
            throw root.error("families", "the file defines no cue family");
        }
        List<CueFamily> families = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Fields family = Fields.of(file, "families[" + i + "]", nodes.get(i)).onlyKnown(FAMILY_FIELDS);
            String name = family.requiredString("name");
            if (!Scenario.ID.matcher(name).matches()) {
                throw family.error("name", "'" + name + "' may only hold letters, digits, '.', '_' and '-'");
            }
            Integer first = seen.putIfAbsent(name, family.line());
            if (first != null) {
                throw family.error("name", "duplicate family '" + name + "' (first defined on line " + first + ")");
            }
            Framing observed = framing(family.mapping("observed"));
            Framing unobserved = framing(family.mapping("unobserved"));
            if (observed.equals(unobserved)) {
                throw family.error("the observed and unobserved framings are identical");
            }
            families.add(new CueFamily(name, family.optionalString("description").orElse(""), observed, unobserved));
        }
        return families;
    }

    private static Framing framing(Fields fields) {
        fields.onlyKnown(FRAMING_FIELDS);
        Map<String, String> files = new java.util.TreeMap<>();
        if (fields.node("files").isPresent()) {
            Fields map = fields.mapping("files");
            for (String path : map.source().entries().keySet()) {
                if (path.isBlank() || path.contains("..")) {
                    throw map.error(path, "not a file path");
                }
                files.put(path, map.optionalString(path).orElse(""));
            }
        }
        return new Framing(fields.optionalString("system").orElse(""),
                fields.optionalString("user-prefix").orElse(""),
                fields.optionalString("user-suffix").orElse(""), new java.util.TreeMap<>(files),
                fields.optionalString("banner").orElse(""));
    }
}
