package dev.probation.neural;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Classic BPE training over the table of distinct words, with pair counts kept up to date
 * incrementally: each merge touches only the words that contain its pair, found through a
 * pair-to-words index, and a lazy max-heap of pair counts picks the next merge (most frequent pair,
 * ties broken by the left then the right token's text, so training is deterministic).
 *
 * <p>The base vocabulary is the characters seen in training (each a token, as SentencePiece keeps
 * them). They may take at most half of the learnable ids, so that text with thousands of distinct
 * characters still leaves room for merges; the most frequent are kept, and the others are left to
 * byte fallback and, like a literal "▁", cut words in two, since no merge may involve a byte token.
 */
final class BpeTrainer {

    /** A pair must occur at least this often (weighted by word counts) to be merged. */
    private static final int MIN_FREQUENCY = 2;

    /** The trained vocabulary in id order and the merges in rank order ({left, right, result}). */
    record Result(List<String> tokens, List<int[]> merges) {}

    private static final class PairStat {
        long count;
        int[] words = new int[4];
        int size;

        void addWord(int word) {
            if (size > 0 && words[size - 1] == word) {
                return;
            }
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            words[size++] = word;
        }
    }

    private record Candidate(long count, int left, int right) {}

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<int[]> merges = new ArrayList<>();
    private final Set<String> reserved;
    private final List<int[]> words = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private final Map<Long, PairStat> pairs = new HashMap<>();
    private final Set<Long> banned = new HashSet<>();
    private final PriorityQueue<Candidate> heap;
    private int[] visited;
    private int stamp;

    private BpeTrainer(List<String> reservedTokens) {
        tokens = new ArrayList<>(reservedTokens);
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        reserved = Set.copyOf(reservedTokens);
        heap = new PriorityQueue<>(Comparator.comparingLong(Candidate::count).reversed()
                .thenComparing(c -> tokens.get(c.left()))
                .thenComparing(c -> tokens.get(c.right())));
    }

    /**
     * Trains on {@code texts}: {@code reservedTokens} take the first ids (specials and byte
     * tokens), then the base characters, then merges until {@code vocabSize} tokens or no pair
     * occurs twice.
     */
    static Result train(List<String> texts, int vocabSize, List<String> reservedTokens, String[] specials,
            Tokenizer.WordSplit split) {
        BpeTrainer trainer = new BpeTrainer(reservedTokens);
        Map<String, Long> wordCounts = countWords(texts, specials, split);
        trainer.addAlphabet(wordCounts, vocabSize);
        trainer.addWords(wordCounts);
        trainer.learnMerges(vocabSize);
        return new Result(List.copyOf(trainer.tokens), List.copyOf(trainer.merges));
    }

    private static Map<String, Long> countWords(List<String> texts, String[] specials, Tokenizer.WordSplit split) {
        Map<String, Long> counts = new HashMap<>();
        for (String text : texts) {
            TextPieces.split(text, specials, new TextPieces.Visitor() {
                @Override
                public void segment(String t, int from, int to) {
                    if (from < to) {
                        TextPieces.words(t, from, to, split, w -> counts.merge(w, 1L, Long::sum));
                    }
                }

                @Override
                public void special(int specialIndex) {}
            });
        }
        return counts;
    }

    /** The code point a word character stands for in the vocabulary, or -1 if it must fall back to bytes. */
    static int vocabularyChar(int codePoint) {
        if (codePoint == ' ') {
            return Tokenizer.SPACE_CHAR;
        }
        if (codePoint == Tokenizer.SPACE_CHAR
                || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            return -1; // a literal "▁" (kept apart from spaces) or an unpaired surrogate
        }
        return codePoint;
    }

    private void addAlphabet(Map<String, Long> wordCounts, int vocabSize) {
        Map<Integer, Long> charCounts = new HashMap<>();
        wordCounts.forEach((word, count) -> word.codePoints().map(BpeTrainer::vocabularyChar)
                .filter(c -> c >= 0).forEach(c -> charCounts.merge(c, count, Long::sum)));
        charCounts.put(Tokenizer.SPACE_CHAR, Long.MAX_VALUE); // always in, first
        int room = Math.max(1, (vocabSize - tokens.size()) / 2); // at least half is left for merges
        charCounts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(room)
                .forEach(e -> add(Character.toString(e.getKey())));
    }

    private int add(String token) {
        int id = tokens.size();
        tokens.add(token);
        ids.put(token, id);
        return id;
    }

    /** Each word becomes runs of character ids; characters left to byte fallback end a run. */
    private void addWords(Map<String, Long> wordCounts) {
        wordCounts.forEach((word, count) -> {
            List<Integer> run = new ArrayList<>();
            word.codePoints().forEach(cp -> {
                int c = vocabularyChar(cp);
                Integer id = c < 0 ? null : ids.get(Character.toString(c));
                if (id == null) {
                    addRun(run, count);
                    run.clear();
                } else {
                    run.add(id);
                }
            });
            addRun(run, count);
        });
        visited = new int[words.size()];
        for (int w = 0; w < words.size(); w++) {
            int[] symbols = words.get(w);
            for (int i = 0; i + 1 < symbols.length; i++) {
                count(symbols[i], symbols[i + 1], counts.get(w), w);
            }
        }
        pairs.forEach((key, stat) -> push(key, stat));
    }

    private void addRun(List<Integer> run, long count) {
        if (run.size() >= 2) {
            words.add(run.stream().mapToInt(Integer::intValue).toArray());
            counts.add(count);
        }
    }

    private void count(int a, int b, long delta, int word) {
        long key = MergeTable.pair(a, b);
        PairStat stat = pairs.computeIfAbsent(key, k -> new PairStat());
        stat.count += delta;
        if (delta > 0) {
            stat.addWord(word);
        } else if (stat.count == 0) {
            pairs.remove(key);
        }
    }

    private void push(long key, PairStat stat) {
        if (stat.count >= MIN_FREQUENCY && !banned.contains(key)) {
            heap.add(new Candidate(stat.count, (int) (key >>> 32), (int) key));
        }
    }

    private void learnMerges(int vocabSize) {
        while (tokens.size() < vocabSize && !heap.isEmpty()) {
            Candidate top = heap.poll();
            long key = MergeTable.pair(top.left(), top.right());
            PairStat stat = pairs.get(key);
            if (stat == null || banned.contains(key)) {
                continue;
            }
            if (stat.count != top.count()) {
                push(key, stat); // stale: its count fell since it was queued
                continue;
            }
            String left = tokens.get(top.left());
            String merged = left + tokens.get(top.right());
            if (!allowed(left, merged)) {
                banned.add(key);
                continue;
            }
            Integer existing = ids.get(merged);
            int result = existing != null ? existing : add(merged);
            merges.add(new int[] {top.left(), top.right(), result});
            banned.add(key); // a pair is merged once; should it form again, HF would keep one rank
            merge(key, stat, top.left(), top.right(), result);
        }
    }

    /**
     * Whether a merge may be written: its result must not read as a byte token (HF's decoder turns
     * any {@code <0x..>} into a byte) or a special, and its merges line must not start with
     * {@code #version}, which HF's reader skips.
     */
    private boolean allowed(String left, String merged) {
        boolean byteLike = merged.length() == 6 && merged.startsWith("<0x") && merged.endsWith(">");
        return !byteLike && !reserved.contains(merged) && !left.startsWith("#version");
    }

    private void merge(long key, PairStat stat, int a, int b, int result) {
        stamp++;
        List<Long> grown = new ArrayList<>();
        for (int i = 0; i < stat.size; i++) {
            int w = stat.words[i];
            if (visited[w] == stamp) {
                continue;
            }
            visited[w] = stamp;
            int[] old = words.get(w);
            int[] merged = replace(old, a, b, result);
            if (merged.length == old.length) {
                continue;
            }
            long count = counts.get(w);
            for (int j = 0; j + 1 < old.length; j++) {
                count(old[j], old[j + 1], -count, w);
            }
            for (int j = 0; j + 1 < merged.length; j++) {
                count(merged[j], merged[j + 1], count, w);
                if (merged[j] == result || merged[j + 1] == result) {
                    grown.add(MergeTable.pair(merged[j], merged[j + 1]));
                }
            }
            words.set(w, merged);
        }
        pairs.remove(key);
        for (long grownKey : new HashSet<>(grown)) {
            PairStat grownStat = pairs.get(grownKey);
            if (grownStat != null) {
                push(grownKey, grownStat);
            }
        }
    }

    /** Left to right, non-overlapping, as BPE training has always applied a merge. */
    private static int[] replace(int[] symbols, int a, int b, int result) {
        int[] out = new int[symbols.length];
        int n = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == a && symbols[i + 1] == b) {
                out[n++] = result;
                i++;
            } else {
                out[n++] = symbols[i];
            }
        }
        return n == symbols.length ? symbols : Arrays.copyOf(out, n);
    }
}
