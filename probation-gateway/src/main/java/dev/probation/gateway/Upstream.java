package dev.probation.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model provider behind the gateway. Paths under {@code /v1} map onto the upstream's base URL
 * ({@code /v1/chat/completions} → {@code <base>/chat/completions}). The client's key is forwarded
 * unless the gateway has its own upstream key, which then replaces it.
 */
final class Upstream {

    /** Hop-by-hop headers, headers the HTTP client sets itself, and the gateway's own. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-authorization",
            "proxy-connection", "accept-encoding", "http2-settings");
    private static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "api-key");

    private final URI base;
    private final String key;
    private final Duration timeout;
    private final HttpClient client;

    Upstream(URI base, String key, Duration connectTimeout, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.key = key == null || key.isBlank() ? null : key;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    /**
     * Sends a request and returns as soon as the status and headers arrive; the body is read by
     * the caller as it comes.
     *
     * @param path    the path below {@code /v1}, starting with a slash
     * @param query   the raw query string, or null
     * @param headers the client's headers (names in any case)
     */
    HttpResponse<InputStream> send(String method, String path, String query, Map<String, List<String>> headers,
            byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + (query == null ? "" : "?" + query)))
                .timeout(timeout)
                .method(method, body.length == 0 && !method.equals("POST") && !method.equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lower) || lower.startsWith("x-probation-") || key != null && CREDENTIALS.contains(lower)) {
                return;
            }
            values.forEach(value -> request.header(name, value));
        });
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Response headers the client gets: all but hop-by-hop ones and those the server sets itself. */
    static boolean passedBack(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith(":") && !NOT_FORWARDED.contains(lower) && !lower.equals("date") && !lower.equals("server");
    }
}
