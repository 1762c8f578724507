package dev.probation.model.openai;

import dev.probation.model.Model;
import dev.probation.model.ModelException;
import dev.probation.model.ModelProvider;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.http.Endpoints;
import java.net.URI;

/**
 * {@code openai:<model>}: any OpenAI-compatible chat-completions endpoint — OpenAI, Ollama, vLLM,
 * llama.cpp server, LM Studio, OpenRouter. The base URL is {@code --base-url}, else
 * {@code OPENAI_BASE_URL}, else {@code https://api.openai.com/v1}; the key comes from the variable
 * named by {@code --api-key-env} (default {@code OPENAI_API_KEY}) and is required only by api.openai.com.
 */
public final class OpenAiProvider implements ModelProvider {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public String description() {
        return "OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp, LM Studio, OpenRouter)";
    }

    @Override
    public Model create(ModelRef ref, ModelSettings settings) {
        if (!ref.params().isEmpty()) {
            throw new IllegalArgumentException("openai models take no ?parameters; use command options instead");
        }
        String base = settings.baseUrl();
        if (base == null) {
            String fromEnv = settings.environment().apply("OPENAI_BASE_URL");
            base = fromEnv == null || fromEnv.isBlank() ? DEFAULT_BASE_URL : fromEnv.strip();
        }
        URI endpoint = endpoint(base);
        String key = settings.apiKey(DEFAULT_KEY_ENV);
        if (key == null && settings.apiKeyEnv() != null) {
            throw new ModelException(ModelException.Kind.CONFIGURATION, "--api-key-env names " + settings.apiKeyEnv()
                    + ", but that environment variable is not set");
        }
        if (key == null && endpoint.getHost() != null && endpoint.getHost().endsWith("api.openai.com")) {
            throw new ModelException(ModelException.Kind.CONFIGURATION, "no API key for " + endpoint.getHost()
                    + ": set " + settings.apiKeyVariable(DEFAULT_KEY_ENV) + " (or name another variable with --api-key-env)");
        }
        return new OpenAiModel(ref.toString(), ref.name(), endpoint, key, settings);
    }

    static URI endpoint(String base) {
        return Endpoints.resolve(base, "/chat/completions", "http://localhost:11434/v1", "/chat/completions");
    }
}
