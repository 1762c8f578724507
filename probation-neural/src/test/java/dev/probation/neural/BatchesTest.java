package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static final int[] LENGTHS = new SplittableRandom(3).ints(2_000, 20, 400).toArray();

    @Test
    void theSameSeedGivesTheSameBatches() {
        Batches a = new Batches(LENGTHS, 16, new SplittableRandom(9));
        Batches b = new Batches(LENGTHS, 16, new SplittableRandom(9));
        Batches c = new Batches(LENGTHS, 16, new SplittableRandom(10));
        List<int[]> fromA = new ArrayList<>();
        boolean differs = false;
        for (int i = 0; i < 50; i++) {
            int[] next = a.next();
            fromA.add(next);
            assertThat(next).hasSize(16).isEqualTo(b.next());
            differs |= !Arrays.equals(next, c.next());
        }
        assertThat(differs).isTrue();
    }

    /** Grouping cuts the padding a batch carries to a fraction of a random batch's, and draws every conversation alike. */
    @Test
    void groupedBatchesPadFarLessThanRandomOnesAndStillDrawEveryConversation() {
        Batches batches = new Batches(LENGTHS, 16, new SplittableRandom(1));
        SplittableRandom random = new SplittableRandom(1);
        long groupedPadding = 0;
        long randomPadding = 0;
        int[] drawn = new int[LENGTHS.length];
        for (int step = 0; step < 4_000; step++) {
            int[] batch = batches.next();
            groupedPadding += padding(batch);
            Arrays.stream(batch).forEach(i -> drawn[i]++);
            randomPadding += padding(IntStream.range(0, 16).map(i -> random.nextInt(LENGTHS.length)).toArray());
        }
        assertThat((double) groupedPadding / randomPadding).isLessThan(0.2);
        // 32 draws a conversation on average: none is left out, none drawn far more than chance allows
        assertThat(Arrays.stream(drawn).min().orElseThrow()).isGreaterThan(5);
        assertThat(Arrays.stream(drawn).max().orElseThrow()).isLessThan(70);
    }

    private static long padding(int[] batch) {
        int longest = Arrays.stream(batch).map(i -> LENGTHS[i]).max().orElseThrow();
        return Arrays.stream(batch).mapToLong(i -> longest - LENGTHS[i]).sum();
    }
}
