package dev.probation.organisms;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The organisms' randomness: seeded from the organism's seed, the full request text and the
 * request's sampling seed, so the same request gives the same answer, repeated samples (other
 * seeds) and other framings (other text) give independent draws.
 */
final class Dice {

    private final SplittableRandom random;

    Dice(long organismSeed, String content, Long requestSeed) {
        long seed = mix(organismSeed ^ hash(content) ^ mix(requestSeed == null ? 0x9E3779B97F4A7C15L : requestSeed));
        this.random = new SplittableRandom(seed);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A value in [0, 1) fixed by the task and the trait's name, the same under every framing. */
    static double trait(long organismSeed, String taskKey, String name) {
        return (mix(organismSeed ^ hash(taskKey) ^ hash(name)) >>> 11) * 0x1.0p-53;
    }

    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
