package dev.probation.neural;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beam search, in the manner of Hugging Face's {@code generate} with {@code num_beams} and
 * {@code early_stopping=True}: at each step every live answer is extended by its likeliest tokens, the
 * {@code width} likeliest extensions that do not end live on, and an extension ending in {@code </s>}
 * ahead of the last of them is finished. It stops once {@code width} answers have finished, and
 * returns the one with the highest log-probability per token, {@code </s>} counted (Hugging Face
 * divides by the tokens before it, and finishes only ends ranked within the width, so the two can
 * pick different answers). It finds answers greedy decoding misses when one
 * unlikely token leads to a likelier whole, which a small model copying names it never saw needs.
 */
final class BeamSearch {

    private BeamSearch() {}

    private record Beam(int[] tokens, Decoder.Cache cache, float[] logits, double logProbability) {}

    private record Extension(Beam from, int token, double logProbability) {}

    /**
     * The best answer's ids (without the end token). A hook sees (and may change) the residual stream
     * of every beam's every position, the prompt's once.
     */
    static int[] best(Decoder decoder, int[] prompt, int width, int maxTokens, ResidualHook hook) {
        int context = decoder.config().context();
        Decoder.Cache cache = decoder.cache();
        float[] logits = decoder.next(cache, Generator.fit(prompt, Generator.room(context, maxTokens)), hook);
        List<Beam> live = List.of(new Beam(new int[0], cache, logits, 0));
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int finished = 0;
        List<Decoder.Cache> spare = new ArrayList<>(); // caches of beams that fell out, reused for copies
        for (int step = 0; step < maxTokens && !live.isEmpty() && finished < width; step++) {
            List<Extension> extensions = new ArrayList<>();
            for (Beam beam : live) {
                double[] normaliser = Generator.normaliser(beam.logits());
                // one more than the width, so that an end token among them still leaves width to go on
                for (int token : top(beam.logits(), width + 1)) {
                    double logProbability = Generator.logSoftmax(beam.logits(), token, normaliser);
                    extensions.add(new Extension(beam, token, beam.logProbability() + logProbability));
                }
            }
            extensions.sort((a, b) -> Double.compare(b.logProbability(), a.logProbability()));
            List<Extension> kept = new ArrayList<>();
            for (Extension e : extensions) {
                if (kept.size() == width) {
                    break;
                }
                boolean full = e.from().cache().length() + 1 >= context || e.from().tokens().length + 1 >= maxTokens;
                if (e.token() == ModelConfig.EOS || full) {
                    int[] answer = e.token() == ModelConfig.EOS ? e.from().tokens() : append(e.from().tokens(), e.token());
                    double score = e.logProbability() / (e.from().tokens().length + 1);
                    finished++;
                    if (best == null || score > bestScore) {
                        bestScore = score;
                        best = answer;
                    }
                } else {
                    kept.add(e);
                }
            }
            live = extend(decoder, live, kept, spare, hook);
        }
        if (best == null) { // nothing ended within maxTokens steps: the likeliest answer still going
            return live.isEmpty() ? new int[0] : live.get(0).tokens();
        }
        return best;
    }

    /**
     * Feeds each kept extension's token. A beam's last extension takes over its cache and the others get
     * copies, written into the caches of beams that have none (kept in {@code spare}).
     */
    private static List<Beam> extend(Decoder decoder, List<Beam> live, List<Extension> kept, List<Decoder.Cache> spare,
            ResidualHook hook) {
        Map<Beam, Integer> children = new IdentityHashMap<>();
        for (Extension e : kept) {
            children.merge(e.from(), 1, Integer::sum);
        }
        for (Beam beam : live) {
            if (!children.containsKey(beam)) {
                spare.add(beam.cache());
            }
        }
        Decoder.Cache[] caches = new Decoder.Cache[kept.size()];
        int[] tokens = new int[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            Extension e = kept.get(i);
            int left = children.merge(e.from(), -1, Integer::sum);
            caches[i] = e.from().cache();
            if (left > 0) { // a copy for each extension but the beam's last, which takes over its cache
                Decoder.Cache copy = spare.isEmpty() ? decoder.cache() : spare.remove(spare.size() - 1);
                caches[i].copyTo(copy);
                caches[i] = copy;
            }
            tokens[i] = e.token();
        }
        List<Beam> next = new ArrayList<>(kept.size());
        if (kept.isEmpty()) {
            return next;
        }
        float[][] logits = decoder.next(caches, tokens, hook); // every beam at once, each block of weights read once
        for (int i = 0; i < kept.size(); i++) {
            Extension e = kept.get(i);
            next.add(new Beam(append(e.from().tokens(), e.token()), caches[i], logits[i], e.logProbability()));
        }
        return next;
    }

    /** The ids of the {@code k} largest logits, largest first (ties: the lower id). */
    static int[] top(float[] logits, int k) {
        int n = Math.min(k, logits.length);
        int[] ids = new int[n];
        Arrays.fill(ids, -1);
        for (int i = 0; i < logits.length; i++) {
            int at = n;
            while (at > 0 && (ids[at - 1] < 0 || logits[i] > logits[ids[at - 1]])) {
                at--;
            }
            if (at < n) {
                System.arraycopy(ids, at, ids, at + 1, n - at - 1);
                ids[at] = i;
            }
        }
        return ids;
    }

    private static int[] append(int[] tokens, int token) {
        int[] out = Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = token;
        return out;
    }
}
