package dev.probation.neural;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Identifiers made up for training ({@code harbor_notes}, {@code ticket_owner}) from a few hundred
 * words. With only the hand-picked names, a small model remembers them and cannot write a name it
 * never saw; with thousands of made-up ones it has to learn to copy the names a request gives, which
 * is what evaluation asks of it on held-out names. A made-up name never equals a held-out one.
 */
final class MadeUpNames {

    /** Share of training requests whose names are made up rather than taken from the hand-picked lists. */
    static final double SHARE = 0.6;

    private static final List<String> WORDS = Texts.sections("code.txt").get("words").stream()
            .flatMap(line -> Arrays.stream(line.split("\\s+")))
            .toList();

    private final Set<String> banned;

    /** @param heldOut names that evaluation uses, which a made-up name must never be */
    MadeUpNames(List<Pool<String>> heldOut) {
        this.banned = new HashSet<>();
        heldOut.forEach(pool -> banned.addAll(pool.eval()));
    }

    /** One or two words joined by an underscore, never a held-out name. */
    String identifier(RandomGenerator random) {
        while (true) {
            String first = Conversations.pick(WORDS, random);
            String name = random.nextBoolean() ? first : first + "_" + Conversations.pick(WORDS, random);
            if (!banned.contains(name)) {
                return name;
            }
        }
    }

    /** A name that differs from each of {@code taken}. */
    String identifier(RandomGenerator random, String... taken) {
        String name = identifier(random);
        while (Arrays.asList(taken).contains(name)) {
            name = identifier(random);
        }
        return name;
    }
}
