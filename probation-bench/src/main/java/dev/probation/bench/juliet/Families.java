package dev.probation.bench.juliet;

import java.util.Map;
import java.util.Set;

/**
 * Juliet's CWEs mapped onto the CWE Probation reports for them (its "family"). Juliet splits some weaknesses
 * finer than a scanner reports them: relative and absolute path traversal are both path traversal, three XSS
 * flavours are XSS, a weak PRNG is weak randomness, and hard-coded passwords and keys are hard-coded credentials.
 * Every other CWE is its own family.
 */
final class Families {

    /** Juliet CWE to the CWE it counts as; the same table normalises the CWEs a scanner reports. */
    static final Map<Integer, Integer> VARIANTS = Map.of(23, 22, 36, 22, 80, 79, 81, 79, 83, 79, 338, 330, 259, 798, 321, 798);

    private final Set<String> reported;

    /** @param reported the CWEs the scanner reports, as {@code CWE-89} (Probation's {@code Weakness.TITLES} keys) */
    Families(Set<String> reported) {
        this.reported = Set.copyOf(reported);
    }

    static int family(int cwe) {
        return VARIANTS.getOrDefault(cwe, cwe);
    }

    /** A Juliet CWE is supported, and scored, when the scanner reports its family. */
    boolean supported(int julietCwe) {
        return reported.contains("CWE-" + family(julietCwe));
    }
}
