package dev.probation.model.anthropic;

import dev.probation.model.Model;
import dev.probation.model.ModelException;
import dev.probation.model.ModelProvider;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.http.Endpoints;
import java.net.URI;

/**
 * {@code anthropic:<model>}: Anthropic's Messages API, extended thinking included. The base URL is
 * {@code --base-url}, else {@code ANTHROPIC_BASE_URL}, else {@code https://api.anthropic.com}; the
 * key comes from {@code ANTHROPIC_API_KEY} (or the variable named by {@code --api-key-env}) and is required only
 * by api.anthropic.com.
 */
public final class AnthropicProvider implements ModelProvider {

    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String DEFAULT_KEY_ENV = "ANTHROPIC_API_KEY";

    @Override
    public String id() {
        return "anthropic";
    }

    @Override
    public String description() {
        return "Anthropic Messages API, with extended thinking";
    }

    @Override
    public Model create(ModelRef ref, ModelSettings settings) {
        if (!ref.params().isEmpty()) {
            throw new IllegalArgumentException("anthropic models take no ?parameters; use command options instead");
        }
        String base = settings.baseUrl();
        if (base == null) {
            String fromEnv = settings.environment().apply("ANTHROPIC_BASE_URL");
            base = fromEnv == null || fromEnv.isBlank() ? DEFAULT_BASE_URL : fromEnv.strip();
        }
        URI endpoint = endpoint(base);
        String key = settings.apiKey(DEFAULT_KEY_ENV);
        if (key == null && settings.apiKeyEnv() != null) {
            throw new ModelException(ModelException.Kind.CONFIGURATION, "--api-key-env names " + settings.apiKeyEnv()
                    + ", but that environment variable is not set");
        }
        // Local Messages API servers (probation serve, Ollama, LiteLLM) take no key, as OpenAI-compatible ones.
        if (key == null && endpoint.getHost().endsWith("api.anthropic.com")) {
            throw new ModelException(ModelException.Kind.CONFIGURATION, "no API key for " + endpoint.getHost()
                    + ": set " + settings.apiKeyVariable(DEFAULT_KEY_ENV) + " (or name another variable with --api-key-env)");
        }
        return new AnthropicModel(ref.toString(), ref.name(), endpoint, key, settings);
    }

    static URI endpoint(String base) {
        return Endpoints.resolve(base, "/v1/messages", "https://api.anthropic.com", "/v1/messages", "/v1");
    }
}
