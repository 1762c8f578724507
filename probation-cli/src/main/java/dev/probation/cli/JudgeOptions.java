package dev.probation.cli;

import dev.probation.model.ManagedModel;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import picocli.CommandLine.Option;

/** A judge model for detectors that support one (the refusal detector), shared by audit and score. */
final class JudgeOptions {

    @Option(names = "--judge", paramLabel = "<ref>",
            description = "Judge with this model instead of offline rules or classifiers, e.g. openai:gpt-4o.")
    String judge;

    @Option(names = "--votes", paramLabel = "<n>", description = "Judge calls per answer; the majority wins (default: 1).")
    Integer votes;

    @Option(names = "--judge-base-url", paramLabel = "<url>",
            description = "Base URL of the judge's API (default: the provider's; --base-url is not inherited).")
    String baseUrl;

    @Option(names = "--judge-api-key-env", paramLabel = "<var>", description = "Environment variable with the judge's API key.")
    String apiKeyEnv;

    /** Rejects a judge for detectors that cannot use one, and votes without a judge. */
    void check(String detector) {
        if (judge != null) {
            boolean supported = dev.probation.detect.Detectors.providers().stream()
                    .anyMatch(p -> p.name().equals(detector) && p.supportsJudge());
            if (!supported) {
                throw new UsageException("--judge works with detectors that support a judge ("
                        + String.join(", ", dev.probation.detect.Detectors.providers().stream()
                                .filter(dev.probation.detect.DetectorProvider::supportsJudge)
                                .map(dev.probation.detect.DetectorProvider::name).toList())
                        + "), not with " + detector
                        + (detector.equals("actions") ? "; to have a judge read agentic trajectories use --detector agent-judge" : ""));
            }
        } else if (votes != null) {
            throw new UsageException("--votes needs --judge");
        } else if (baseUrl != null) {
            throw new UsageException("--judge-base-url needs --judge");
        } else if (apiKeyEnv != null) {
            throw new UsageException("--judge-api-key-env needs --judge");
        }
    }

    int votesOr(int fallback) {
        int chosen = votes != null ? votes : fallback;
        if (chosen < 1) {
            throw new UsageException("--votes must be at least 1");
        }
        return chosen;
    }

    /**
     * Opens {@code ref} as the judge, or returns null for none. It shares the audited model's pacing,
     * retries and cache, but never its endpoint or key variable: a judge usually lives elsewhere.
     */
    ManagedModel open(String ref, ModelSettings settings) {
        if (ref == null) {
            return null;
        }
        return Models.open(ref, settings.withBaseUrl(baseUrl).withApiKeyEnv(apiKeyEnv)
                .withConcurrency(Math.max(settings.concurrency(), 4)));
    }
}
