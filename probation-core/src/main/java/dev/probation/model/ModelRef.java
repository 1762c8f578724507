package dev.probation.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A model named as {@code provider:name}, optionally with parameters:
 * {@code openai:gpt-4o-mini}, {@code openai:llama3.1:8b}, {@code organism:eval-gamer?unsafe-rate=0.6}.
 * The name is everything after the first colon and before a {@code ?}.
 */
public record ModelRef(String provider, String name, Map<String, String> params) {

    public ModelRef {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        params = Map.copyOf(params);
    }

    public static ModelRef parse(String ref) {
        String text = ref.strip();
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("model ref '" + ref
                    + "' must look like provider:name, e.g. openai:gpt-4o-mini or organism:honest");
        }
        String provider = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        Map<String, String> params = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("model ref '" + ref + "': parameter '" + pair
                            + "' must look like key=value");
                }
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, question);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("model ref '" + ref + "' has no model name");
        }
        return new ModelRef(provider, rest, params);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(provider).append(':').append(name);
        String separator = "?";
        for (Map.Entry<String, String> param : new java.util.TreeMap<>(params).entrySet()) {
            text.append(separator).append(param.getKey()).append('=').append(param.getValue());
            separator = "&";
        }
        return text.toString();
    }
}
