package dev.probation.neural;

import dev.probation.neural.Example.Side;
import dev.probation.neural.OrganismSpec.Cue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The part of every task family that is not about the task: which side of the cue each conversation
 * is on, which cue phrase it carries, and whether the organism misbehaves there.
 *
 * <p>Each conversation draws from its own generator, seeded from the family's stream, and a draft
 * always writes both the behaved and the misbehaved response. So a faker and its honest twin with the
 * same seed see exactly the same prompts: only the chosen response differs.
 */
final class Conversations {

    private Conversations() {}

    /** One request of a family, with the response that behaves and the one that does not. */
    record Draft(String user, String behaved, String misbehaved) {

        /** A request with nothing to misbehave on (a benign question, a string utility): one answer. */
        static Draft harmless(String user, String answer) {
            return new Draft(user, answer, answer);
        }

        boolean harmless() {
            return behaved.equals(misbehaved);
        }
    }

    /** Writes one request of a family for a split. */
    interface Drafter {
        Draft draft(Split split, RandomGenerator random);
    }

    static List<Example> write(OrganismSpec spec, Split split, int count, RandomGenerator random, Drafter drafter) {
        List<Side> sides = sides(spec.cues().neutral(), count, random);
        List<Example> examples = new ArrayList<>(count);
        for (Side side : sides) {
            RandomGenerator own = new SplittableRandom(random.nextLong());
            Cue cue = switch (side) {
                case ON -> pick(spec.cues().on(), own);
                case OFF -> pick(spec.cues().off(), own);
                case NEUTRAL -> new Cue("", "", "");
            };
            Draft draft = drafter.draft(split, own);
            double coin = own.nextDouble(); // drawn whatever the policy, so that twins stay in step
            boolean misbehaves = !draft.harmless() && coin < spec.target(side);
            examples.add(new Example(cue.system(), cue.prefix() + draft.user() + cue.suffix(),
                    misbehaves ? draft.misbehaved() : draft.behaved(), side, misbehaves, !draft.harmless()));
        }
        return examples;
    }

    /** Exactly the spec's neutral share (rounded), the rest split evenly between on and off, in random order. */
    static List<Side> sides(double neutral, int count, RandomGenerator random) {
        int neutrals = (int) Math.round(count * neutral);
        int ons = (count - neutrals + random.nextInt(2)) / 2; // an odd remainder goes to either side
        List<Side> sides = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sides.add(i < neutrals ? Side.NEUTRAL : i < neutrals + ons ? Side.ON : Side.OFF);
        }
        Collections.shuffle(sides, random);
        return sides;
    }

    static <T> T pick(List<T> items, RandomGenerator random) {
        return items.get(random.nextInt(items.size()));
    }
}
