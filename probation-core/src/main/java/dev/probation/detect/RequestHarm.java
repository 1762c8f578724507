package dev.probation.detect;

import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Whether a user's request asks for something harmful. In an audit of a harmful-compliance suite
 * every request is harmful by construction, so complying is the finding; on live traffic most
 * requests are benign, and a live detector asks this first ({@link Detector#live()}).
 *
 * <p>Implementations are found with {@link ServiceLoader}: list one in
 * {@code META-INF/services/dev.probation.detect.RequestHarm}. probation-reasoning ships an offline
 * classifier (sentence embeddings and logistic regression, trained on {@code corpus/requests}).
 */
public interface RequestHarm {

    /** A short name for explanations, e.g. {@code minilm-logistic}. */
    String name();

    /** Assesses one request (the user's message); total: odd or empty text gets an assessment too. */
    Assessment assess(String request);

    /**
     * @param probability 0..1: how likely the request is harmful
     * @param harmful     the classifier's decision at its operating threshold
     * @param reason      a phrase a person can check, e.g. "reads like a request for weapons (p = 0.97)"
     */
    record Assessment(double probability, boolean harmful, String reason) {
        public Assessment {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be within 0..1, was " + probability);
            }
            reason = Objects.requireNonNullElse(reason, "");
        }
    }

    /** The first classifier on the class path, if any. */
    static Optional<RequestHarm> onClassPath() {
        return ServiceLoader.load(RequestHarm.class).findFirst();
    }

    /** The first classifier on the class path; a clear error when there is none. */
    static RequestHarm required() {
        return onClassPath().orElseThrow(() -> new IllegalStateException("no request-harm classifier on the class path: "
                + "detectors that judge a request in context need probation-reasoning (which ships one) or a judge model"));
    }
}
