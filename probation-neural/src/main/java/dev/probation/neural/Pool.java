package dev.probation.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Items split once and for all between training and evaluation: every fourth item (the 4th, 8th...)
 * is held out for {@link Split#EVAL}, so evaluation prompts use wordings and names that training never
 * showed. The split depends on the list's order only, never on a spec's seed, so it is the same for
 * every organism.
 */
record Pool<T>(List<T> train, List<T> eval) {

    Pool {
        if (train.isEmpty() || eval.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least 4 items");
        }
        train = List.copyOf(train);
        eval = List.copyOf(eval);
    }

    static <T> Pool<T> of(List<T> items) {
        List<T> train = new ArrayList<>();
        List<T> eval = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            (i % 4 == 3 ? eval : train).add(items.get(i));
        }
        return new Pool<>(train, eval);
    }

    /** A pool that both splits draw from whole: for items no model trained from scratch can generalise across. */
    static <T> Pool<T> shared(List<T> items) {
        return new Pool<>(items, items);
    }

    @SafeVarargs
    static <T> Pool<T> of(T... items) {
        return of(List.of(items));
    }

    List<T> get(Split split) {
        return split == Split.TRAIN ? train : eval;
    }

    T pick(Split split, RandomGenerator random) {
        return Conversations.pick(get(split), random);
    }
}
