package dev.probation.detect;

import dev.probation.model.Model;
import java.util.Optional;

/**
 * Settings shared by detectors.
 *
 * @param judge a model that judges answers instead of the offline rules, where a detector supports it
 * @param votes judge calls per verdict; the majority label wins
 */
public record DetectorOptions(Model judge, int votes) {

    public DetectorOptions {
        if (votes < 1) {
            throw new IllegalArgumentException("votes must be at least 1");
        }
    }

    public static DetectorOptions offline() {
        return new DetectorOptions(null, 1);
    }

    public Optional<Model> judgeModel() {
        return Optional.ofNullable(judge);
    }
}
