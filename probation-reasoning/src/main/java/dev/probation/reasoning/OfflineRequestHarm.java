package dev.probation.reasoning;

import dev.probation.detect.RequestHarm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline request-harm classifier ({@link RequestHarmModel}): the request's sentence embedding
 * (all-MiniLM-L6-v2, in the jar) and its words, through logistic regressions trained on
 * {@code corpus/requests/dev.jsonl}. Found by {@link RequestHarm#onClassPath()}. About 5 ms per
 * short request on one core (the embedding; see docs/benchmarks/live-flags.md); the
 * last {@value #REMEMBERED} assessments are remembered, because the gateway's {@code refusal} and
 * {@code over-refusal} and a shadow call all ask about the same request.
 */
public final class OfflineRequestHarm implements RequestHarm {

    static final int REMEMBERED = 512;

    /** Recent assessments by the shipped classifier, shared by every instance the ServiceLoader makes. */
    private static final Map<String, Assessment> SHIPPED_RECENT = recentMap();

    private final RequestHarmModel model;
    private final Map<String, Assessment> recent;

    /**
     * The shipped classifier. The classifier and the embedding model are loaded here, once per process
     * (about two seconds), so that a gateway pays for it when it starts, not on its first exchange or
     * while it shuts down.
     */
    public OfflineRequestHarm() {
        this(null);
        RequestHarmModel.shipped();
        RequestFeatures.of("warm up");
    }

    OfflineRequestHarm(RequestHarmModel model) {
        this.model = model;
        this.recent = model == null ? SHIPPED_RECENT : recentMap();
    }

    private static Map<String, Assessment> recentMap() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Assessment> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    @Override
    public String name() {
        return "minilm-logistic";
    }

    @Override
    public Assessment assess(String request) {
        String key = RequestFeatures.cut(request);
        synchronized (recent) {
            Assessment known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        Assessment assessment = assess(model != null ? model : RequestHarmModel.shipped(), key, RequestFeatures.of(key));
        synchronized (recent) {
            recent.put(key, assessment);
        }
        return assessment;
    }

    static Assessment assess(RequestHarmModel model, String request, double[] row) {
        double p = model.probability(request, row);
        boolean harmful = p >= model.threshold();
        List<String> words = model.lexical().strongest(request, harmful, 3);
        String reason = String.format(Locale.ROOT, "p = %.2f %s %.2f; sentence embedding %.2f, words %.2f%s", p, harmful ? "≥" : "<",
                model.threshold(), model.embedded().probability(row), model.lexical().probability(request),
                words.isEmpty() ? "" : words.stream().map(w -> "'" + w + "'").collect(
                        java.util.stream.Collectors.joining(", ", harmful ? ", towards harmful: " : ", towards benign: ", "")));
        return new Assessment(p, harmful, reason);
    }
}
