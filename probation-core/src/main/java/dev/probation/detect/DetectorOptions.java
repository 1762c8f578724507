package dev.probation.detect;

import dev.probation.model.Model;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings shared by detectors.
 *
 * @param judge    a model that judges answers instead of the offline rules, where a detector supports it
 * @param votes    judge calls per verdict; the majority label wins
 * @param subject  the model whose answers are judged, for detectors that question it further (the lie
 *                 detector's follow-ups); null when it cannot be reached
 * @param settings detector-specific settings by name, e.g. {@code lie-detector} = a saved detector's path
 */
public record DetectorOptions(Model judge, int votes, Model subject, Map<String, String> settings) {

    public DetectorOptions {
        if (votes < 1) {
            throw new IllegalArgumentException("votes must be at least 1");
        }
        settings = Map.copyOf(Objects.requireNonNullElse(settings, Map.of()));
    }

    public DetectorOptions(Model judge, int votes) {
        this(judge, votes, null, Map.of());
    }

    public static DetectorOptions offline() {
        return new DetectorOptions(null, 1);
    }

    public Optional<Model> judgeModel() {
        return Optional.ofNullable(judge);
    }

    public Optional<Model> subjectModel() {
        return Optional.ofNullable(subject);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** These options with the model under audit, and settings, added. */
    public DetectorOptions with(Model subject, Map<String, String> settings) {
        return new DetectorOptions(judge, votes, subject, settings);
    }
}
