package dev.probation.neural;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * Draws training batches grouped by length, as Hugging Face's {@code group_by_length} does: the
 * conversations of {@value #GROUP} batches are drawn at random (uniformly, with replacement, from the
 * seed's stream), sorted by length, cut into batches, and those batches are served in random order.
 * A batch is padded to its longest conversation, so grouping conversations of like length cuts the
 * padding a random batch carries (on the code family, steps got 1.75x faster: see
 * docs/benchmarks/neural-organisms.md) while every conversation is still drawn as often as before.
 */
final class Batches {

    /** How many batches are drawn and sorted together. */
    static final int GROUP = 8;

    private final int[] lengths;
    private final int batch;
    private final SplittableRandom random;
    private final Deque<int[]> ready = new ArrayDeque<>();

    /** @param lengths the token count of each conversation, by index */
    Batches(int[] lengths, int batch, SplittableRandom random) {
        this.lengths = lengths.clone();
        this.batch = batch;
        this.random = random;
    }

    /** The indices of the next batch's conversations, shortest first. */
    int[] next() {
        if (ready.isEmpty()) {
            refill();
        }
        return ready.poll();
    }

    private void refill() {
        Integer[] drawn = new Integer[batch * GROUP];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = random.nextInt(lengths.length);
        }
        Arrays.sort(drawn, Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i));
        int[][] batches = new int[GROUP][];
        for (int g = 0; g < GROUP; g++) {
            batches[g] = Arrays.stream(drawn, g * batch, (g + 1) * batch).mapToInt(Integer::intValue).toArray();
        }
        for (int g = GROUP - 1; g > 0; g--) { // Fisher-Yates, so that long and short batches alternate at random
            int other = random.nextInt(g + 1);
            int[] swap = batches[g];
            batches[g] = batches[other];
            batches[other] = swap;
        }
        ready.addAll(Arrays.asList(batches));
    }
}
