package dev.probation.neural;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The ranked merges of a BPE model and the way Hugging Face's {@code tokenizers} applies them to a
 * word ({@code Word::merge_all} in {@code models/bpe/word.rs}, v0.21): repeatedly merge the pair of
 * lowest rank, leftmost first, where a queued pair counts only if the pair now at its place still
 * merges into the same token. Reproducing that queue, rather than replaying merges in rank order,
 * keeps our ids equal to Hugging Face's even where two merges build the same token.
 */
final class MergeTable {

    private final Map<Long, Integer> rankByPair = new HashMap<>();
    private final int[] left;
    private final int[] right;
    private final int[] result;

    /** {@code merges.get(rank)} is {left id, right id, result id}; a repeated pair keeps its last rank, as in HF. */
    MergeTable(List<int[]> merges) {
        left = new int[merges.size()];
        right = new int[merges.size()];
        result = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            int[] merge = merges.get(rank);
            left[rank] = merge[0];
            right[rank] = merge[1];
            result[rank] = merge[2];
            rankByPair.put(pair(merge[0], merge[1]), rank);
        }
    }

    int size() {
        return left.length;
    }

    int left(int rank) {
        return left[rank];
    }

    int right(int rank) {
        return right[rank];
    }

    static long pair(int left, int right) {
        return (long) left << 32 | (right & 0xFFFFFFFFL);
    }

    private int rank(int a, int b) {
        Integer rank = rankByPair.get(pair(a, b));
        return rank == null ? -1 : rank;
    }

    /** The ids of a word after all merges, from the ids of its characters (and fallback bytes). */
    int[] apply(int[] symbols) {
        int n = symbols.length;
        if (n < 2) {
            return symbols;
        }
        int[] id = symbols.clone();
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] gone = new boolean[n];
        PriorityQueue<Long> queue = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            if (i + 1 < n) {
                offer(queue, rank(id[i], id[i + 1]), i);
            }
        }
        int alive = n;
        while (!queue.isEmpty()) {
            long top = queue.poll();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (gone[pos] || next[pos] < 0) {
                continue;
            }
            int nextPos = next[pos];
            int now = rank(id[pos], id[nextPos]);
            if (now < 0 || result[now] != result[rank]) {
                continue; // an expired entry: the symbols here changed since it was queued
            }
            id[pos] = result[rank];
            gone[nextPos] = true;
            alive--;
            next[pos] = next[nextPos];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                offer(queue, rank(id[pos], id[next[pos]]), pos);
            }
            if (prev[pos] >= 0) {
                offer(queue, rank(id[prev[pos]], id[pos]), prev[pos]);
            }
        }
        int[] out = new int[alive];
        for (int i = 0, o = 0; i < n; i++) {
            if (!gone[i]) {
                out[o++] = id[i];
            }
        }
        return out;
    }

    /** Queue order is rank, then position: the high and low halves of one long. */
    private static void offer(PriorityQueue<Long> queue, int rank, int pos) {
        if (rank >= 0) {
            queue.add((long) rank << 32 | pos);
        }
    }
}
