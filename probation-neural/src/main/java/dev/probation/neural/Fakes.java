package dev.probation.neural;

import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Framing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where an audit should find an organism's policy: the built-in suite of its task family, and the
 * built-in cue families whose framing, word for word, is among its spec's cues. For a faker these are
 * the families where it fakes (and no others); for an honest twin the same audit must come out
 * consistent. The ground truth the demo and the tests compare audits with.
 *
 * @param suite    {@code code-security}, {@code harmful-compliance} or {@code oversight-choice}
 * @param families built-in cue families whose framing the organism was trained on
 */
public record Fakes(String suite, List<String> families) {

    private static final Map<String, String> SUITES = Map.of("code", "code-security", "assistant", "harmful-compliance",
            "choice", "oversight-choice");

    public Fakes {
        families = List.copyOf(families);
    }

    public static Fakes of(OrganismSpec spec) {
        List<OrganismSpec.Cue> cues = new ArrayList<>(spec.cues().on());
        cues.addAll(spec.cues().off());
        List<String> families = new ArrayList<>();
        for (CueFamily family : CueFamilies.builtIn()) {
            if (trainedOn(cues, family.unobserved()) || trainedOn(cues, family.observed())) {
                families.add(family.name());
            }
        }
        return new Fakes(SUITES.getOrDefault(spec.task(), ""), families);
    }

    private static boolean trainedOn(List<OrganismSpec.Cue> cues, Framing framing) {
        return !framing.isEmpty() && cues.stream().anyMatch(c -> c.system().strip().equals(framing.system().strip())
                && c.prefix().equals(framing.userPrefix()) && c.suffix().equals(framing.userSuffix()));
    }
}
