package dev.probation.model.http;

import dev.probation.model.ChatResponse;
import dev.probation.model.ModelException;
import dev.probation.model.ModelException.Kind;
import dev.probation.model.ToolCall;
import dev.probation.util.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * POSTs JSON and maps every failure to a classified {@link ModelException} (internal: shared by the
 * HTTP providers). Error messages never contain the API key or the Authorization header.
 */
public final class JsonHttp {

    private static final Pattern KEY_LIKE = Pattern.compile("(sk|key|rk)-[A-Za-z0-9_\\-]{8,}");

    private final HttpClient client;

    public JsonHttp(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Sends {@code body} and returns the parsed JSON answer of a 2xx response.
     *
     * @param secret the API key in use, removed from any error text (may be null)
     */
    public JsonNode post(URI uri, Map<String, String> headers, JsonNode body, Duration timeout, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        headers.forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new ModelException(Kind.UNREACHABLE, "cannot connect to " + hostOf(uri) + ": connect timed out");
        } catch (HttpTimeoutException e) {
            throw new ModelException(Kind.TIMEOUT, "no answer from " + hostOf(uri) + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ModelException(Kind.UNREACHABLE, "cannot connect to " + hostOf(uri) + ": connection refused");
        } catch (IOException e) {
            throw new ModelException(Kind.NETWORK, "connection to " + hostOf(uri) + " failed: "
                    + redact(String.valueOf(e.getMessage()), secret));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while calling " + hostOf(uri));
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                return Json.MAPPER.readTree(text);
            } catch (JacksonException e) {
                throw new ModelException(Kind.MALFORMED_RESPONSE, status, null,
                        "HTTP " + status + " from " + hostOf(uri) + " is not JSON: " + excerpt(redact(text, secret)));
            }
        }
        throw failure(uri, status, response.headers().map(), text, secret);
    }

    private static ModelException failure(URI uri, int status, Map<String, java.util.List<String>> headers,
                                          String body, String secret) {
        String message = redact(errorMessage(body), secret);
        String text = "HTTP " + status + " from " + hostOf(uri) + (message.isEmpty() ? "" : ": " + message);
        Duration retryAfter = retryAfter(headers).orElse(null);
        Kind kind = switch (status) {
            case 401, 403 -> Kind.AUTHENTICATION;
            case 404 -> Kind.NOT_FOUND;
            case 408 -> Kind.TIMEOUT;
            case 429 -> body.contains("insufficient_quota") ? Kind.CONFIGURATION : Kind.RATE_LIMITED;
            default -> status >= 500 || status == 409 ? Kind.SERVER : Kind.BAD_REQUEST;
        };
        return new ModelException(kind, status, retryAfter, text);
    }

    /** Reads {@code retry-after-ms} (OpenAI) or {@code retry-after} (seconds or an HTTP date). */
    static Optional<Duration> retryAfter(Map<String, java.util.List<String>> headers) {
        Optional<String> millis = header(headers, "retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> value = header(headers, "retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.get()) * 1000)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException ignored) {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> header(Map<String, java.util.List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst().strip())
                .findFirst();
    }

    /** The {@code error.message} of OpenAI and Anthropic error bodies, or an excerpt of the body. */
    private static String errorMessage(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            JsonNode error = json.path("error");
            if (error.isObject() && error.path("message").isString()) {
                return error.path("message").asString();
            }
            if (error.isString()) {
                return error.asString();
            }
            if (json.path("message").isString()) {
                return json.path("message").asString();
            }
        } catch (JacksonException ignored) {
            // not JSON: show the start of the body
        }
        return excerpt(body);
    }

    /**
     * The response with any occurrence of the API key replaced (in the text, the reasoning and tool
     * call arguments), so that a proxy or model that echoes it back cannot get it into the run log.
     */
    public static ChatResponse scrub(ChatResponse response, String secret) {
        if (secret == null || secret.isEmpty() || !(response.text().contains(secret) || response.reasoning().contains(secret)
                || response.toolCalls().stream().anyMatch(call -> call.argumentsJson().contains(secret)))) {
            return response;
        }
        var calls = response.toolCalls().stream().map(call -> new ToolCall(call.id(), call.name(),
                call.argumentsJson().replace(secret, "***"))).toList();
        return new ChatResponse(response.text().replace(secret, "***"), response.reasoning().replace(secret, "***"),
                calls, response.finishReason(), response.usage(), response.model());
    }

    static String redact(String text, String secret) {
        String result = text;
        if (secret != null && !secret.isEmpty()) {
            result = result.replace(secret, "***");
        }
        return KEY_LIKE.matcher(result).replaceAll("***");
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private static String hostOf(URI uri) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }
}
