package dev.probation.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to reach and pace a model. API keys are never held here: only the name of the environment
 * variable that holds one.
 *
 * @param baseUrl           API base URL, or null for the provider's default
 * @param apiKeyEnv         environment variable with the API key, or null for the provider's default
 * @param timeout           per-request timeout
 * @param maxRetries        retries after the first try for retryable failures
 * @param concurrency       most calls in flight at once to this model
 * @param requestsPerMinute pacing; 0 for none
 * @param cacheDir          response cache folder, or null for no cache
 * @param headers           extra HTTP headers (e.g. OpenRouter's HTTP-Referer); never logged
 * @param environment       where environment variables are read (System::getenv; replaceable in tests)
 */
public record ModelSettings(
        String baseUrl,
        String apiKeyEnv,
        Duration timeout,
        int maxRetries,
        int concurrency,
        int requestsPerMinute,
        Path cacheDir,
        Map<String, String> headers,
        Function<String, String> environment) {

    public ModelSettings {
        timeout = Objects.requireNonNullElse(timeout, Duration.ofSeconds(120));
        headers = Map.copyOf(Objects.requireNonNullElse(headers, Map.of()));
        environment = Objects.requireNonNullElse(environment, System::getenv);
        if (maxRetries < 0 || concurrency < 1 || requestsPerMinute < 0) {
            throw new IllegalArgumentException("retries and pacing must not be negative; concurrency at least 1");
        }
    }

    /** Provider defaults, 120 s timeout, 6 retries, 8 concurrent calls, no pacing, no cache. */
    public static ModelSettings defaults() {
        return new ModelSettings(null, null, null, 6, 8, 0, null, Map.of(), null);
    }

    public ModelSettings withBaseUrl(String baseUrl) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withApiKeyEnv(String apiKeyEnv) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withTimeout(Duration timeout) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withRetries(int maxRetries) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withConcurrency(int concurrency) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withRequestsPerMinute(int requestsPerMinute) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withCacheDir(Path cacheDir) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withHeaders(Map<String, String> headers) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    public ModelSettings withEnvironment(Function<String, String> environment) {
        return new ModelSettings(baseUrl, apiKeyEnv, timeout, maxRetries, concurrency, requestsPerMinute, cacheDir,
                headers, environment);
    }

    /** The API key from {@code apiKeyEnv}, or from {@code defaultEnv} when none was named; null if unset. */
    public String apiKey(String defaultEnv) {
        String name = apiKeyEnv != null ? apiKeyEnv : defaultEnv;
        String value = environment.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The environment variable that the key is read from. */
    public String apiKeyVariable(String defaultEnv) {
        return apiKeyEnv != null ? apiKeyEnv : defaultEnv;
    }
}
