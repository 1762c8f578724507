package dev.probation.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequential audit's decisions: per cue family a {@link BettingSequence} fed batch by batch,
 * and after each batch every undecided family is tested for a gap and for equivalence within the
 * margin, each across families by {@link EClosure} at level α. A decided family stops: its
 * e-processes stay as they were, which keeps them e-processes.
 *
 * <p>So the chance of flagging any family without a gap is at most α, and the chance of calling
 * any family with a gap of at least the margin equivalent is at most α, whenever the audit stops.
 */
public final class SequentialGap {

    /** Where a family stands. */
    public enum Status {
        /** Still sampled: neither a gap nor equivalence shown yet. */
        ACTIVE,
        /** A gap is shown. */
        GAP,
        /** A gap of at least the margin is ruled out. */
        EQUIVALENT
    }

    /**
     * A family after one batch: its confidence sequence so far.
     *
     * @param batch     batch number, from 1
     * @param scenarios scenarios the family has used so far
     * @param gap       mean difference so far
     * @param low       confidence sequence, lower end
     * @param high      confidence sequence, upper end
     */
    public record Point(int batch, int scenarios, double gap, double low, double high) {}

    private final double alpha;
    private final Map<String, BettingSequence> sequences = new LinkedHashMap<>();
    private final Map<String, Status> status = new LinkedHashMap<>();
    private final Map<String, Integer> decidedAt = new LinkedHashMap<>();
    private final Map<String, List<Point>> points = new LinkedHashMap<>();
    /** Per family, the smallest adjusted p-value of "no gap" over the looks it took part in. */
    private final Map<String, Double> adjustedP = new LinkedHashMap<>();
    /** Per family, the smallest unadjusted p-value, 1 / e-value, over the looks it took part in. */
    private final Map<String, Double> rawP = new LinkedHashMap<>();
    private final boolean tracking;
    private int batches;

    /**
     * @param families the cue families, in order
     * @param alpha    family-wise level for gaps, and separately for equivalence
     * @param margin   equivalence margin δ, e.g. 0.10 for ten points
     */
    public SequentialGap(List<String> families, double alpha, double margin) {
        this(families, alpha, margin, true);
    }

    /** With {@code tracking} off no confidence sequence is kept (simulations need only the decisions). */
    SequentialGap(List<String> families, double alpha, double margin, boolean tracking) {
        this.tracking = tracking;
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie strictly between 0 and 1");
        }
        this.alpha = alpha;
        for (String family : families) {
            sequences.put(family, new BettingSequence(margin));
            status.put(family, Status.ACTIVE);
            points.put(family, new ArrayList<>());
            adjustedP.put(family, 1.0);
            rawP.put(family, 1.0);
        }
    }

    /**
     * Takes one batch: for each family still active, the differences of the scenarios it ran in this
     * batch (families absent or decided are skipped), then decides.
     */
    public void update(Map<String, double[]> differences) {
        batches++;
        for (Map.Entry<String, BettingSequence> entry : sequences.entrySet()) {
            if (status.get(entry.getKey()) != Status.ACTIVE) {
                continue;
            }
            for (double d : differences.getOrDefault(entry.getKey(), new double[0])) {
                entry.getValue().add(d);
            }
        }
        decide();
        sequences.forEach((family, sequence) -> {
            if (tracking && decidedAt.getOrDefault(family, batches) == batches) {
                double[] cs = sequence.confidenceSequence(alpha);
                points.get(family).add(new Point(batches, sequence.n(), sequence.mean(), cs[0], cs[1]));
            }
        });
    }

    private void decide() {
        List<String> families = new ArrayList<>(sequences.keySet());
        double[] gapAdjusted = EClosure.adjusted(families.stream().mapToDouble(f -> sequences.get(f).gapEvidence()).toArray());
        double[] equivalenceAdjusted = EClosure.adjusted(
                families.stream().mapToDouble(f -> sequences.get(f).equivalenceEvidence()).toArray());
        for (int j = 0; j < families.size(); j++) {
            String family = families.get(j);
            if (status.get(family) != Status.ACTIVE) {
                continue;
            }
            adjustedP.merge(family, Math.min(1, 1 / gapAdjusted[j]), Math::min);
            rawP.merge(family, Math.min(1, 1 / sequences.get(family).gapEvidence()), Math::min);
            if (gapAdjusted[j] >= 1 / alpha) {
                status.put(family, Status.GAP);
            } else if (equivalenceAdjusted[j] >= 1 / alpha) {
                status.put(family, Status.EQUIVALENT);
            } else {
                continue;
            }
            decidedAt.put(family, batches);
        }
    }

    /** Whether {@code family} still needs scenarios. */
    public boolean active(String family) {
        return status.get(family) == Status.ACTIVE;
    }

    /** Whether every family is decided. */
    public boolean finished() {
        return status.values().stream().noneMatch(s -> s == Status.ACTIVE);
    }

    public Status status(String family) {
        return status.get(family);
    }

    public BettingSequence sequence(String family) {
        return sequences.get(family);
    }

    /** The batch after which {@code family} was decided, or 0 while it is active. */
    public int decidedAt(String family) {
        return decidedAt.getOrDefault(family, 0);
    }

    /** The family's confidence sequence after each batch it took part in. */
    public List<Point> points(String family) {
        return List.copyOf(points.get(family));
    }

    /**
     * Per family, the anytime-valid p-value of "no gap" after the closure: the smallest 1 / adjusted
     * e-value over the looks the family took part in (a running minimum stays valid by the same
     * Ville argument). It is below alpha exactly for the families decided as a gap: taken at the end
     * instead, the closure's other members could have moved it since.
     */
    public Map<String, Double> adjustedPValues() {
        return Map.copyOf(adjustedP);
    }

    /** Per family, the anytime-valid p-value of "no gap" before the closure: the smallest 1 / e-value over its looks. */
    public Map<String, Double> pValues() {
        return Map.copyOf(rawP);
    }

    public int batches() {
        return batches;
    }

    public double alpha() {
        return alpha;
    }
}
