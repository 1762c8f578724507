package dev.probation.cli;

import dev.probation.model.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to reach the audited model (and the judge): endpoint, key variable, pacing, retries, cache. */
final class ModelOptions {

    @Option(names = "--base-url", paramLabel = "<url>",
            description = {"API base URL (default: the provider's, or OPENAI_BASE_URL / ANTHROPIC_BASE_URL if set), e.g.",
                "http://localhost:11434/v1 (Ollama)", "http://localhost:8000/v1 (vLLM)", "https://openrouter.ai/api/v1 (OpenRouter)"})
    String baseUrl;

    @Option(names = "--api-key-env", paramLabel = "<var>",
            description = "Environment variable holding the API key (default OPENAI_API_KEY or ANTHROPIC_API_KEY). "
                    + "Keys are never written to disk or logs.")
    String apiKeyEnv;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "120", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--retries", paramLabel = "<n>", defaultValue = "6",
            description = "Retries for 429, 5xx, timeouts and dropped connections, with backoff that honours Retry-After (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = {"-j", "--concurrency"}, paramLabel = "<n>", defaultValue = "8",
            description = "Most calls in flight to the model at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rpm", paramLabel = "<n>", defaultValue = "0", description = "Pace calls to at most n per minute (default: no pacing).")
    int requestsPerMinute;

    @Option(names = "--header", paramLabel = "<name=value>", description = "Extra HTTP header for the API, repeatable (never logged).")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--cache-dir", paramLabel = "<dir>",
            description = "Response cache (default: $PROBATION_CACHE_DIR, else ~/.cache/probation/responses).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Do not read or write the response cache.")
    boolean noCache;

    /** Rejects values that cannot work, naming the option at fault. */
    void check() {
        OptionCheck.atLeast("--timeout", timeoutSeconds, 1);
        OptionCheck.notNegative("--retries", retries);
        OptionCheck.atLeast("--concurrency", concurrency, 1);
        OptionCheck.notNegative("--rpm", requestsPerMinute);
    }

    ModelSettings settings() {
        check();
        return ModelSettings.defaults()
                .withBaseUrl(baseUrl)
                .withApiKeyEnv(apiKeyEnv)
                .withTimeout(Duration.ofSeconds(timeoutSeconds))
                .withRetries(retries)
                .withConcurrency(concurrency)
                .withRequestsPerMinute(requestsPerMinute)
                .withHeaders(headers)
                .withCacheDir(noCache ? null : cacheDirectory());
    }

    private Path cacheDirectory() {
        if (cacheDir != null) {
            return cacheDir;
        }
        String fromEnv = System.getenv("PROBATION_CACHE_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("probation").resolve("responses");
    }
}
