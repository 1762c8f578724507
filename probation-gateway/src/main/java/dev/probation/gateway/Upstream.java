package dev.probation.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.io.OutputStream;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpField;

/**
 * The model provider behind the gateway, reached with Jetty's HTTP client (the one Jetty's own
 * proxy uses): pooled keep-alive connections, bodies passed on as raw bytes, never decoded. Paths
 * under {@code /v1} map onto the upstream's base URL ({@code /v1/chat/completions} →
 * {@code <base>/chat/completions}). The client's key is forwarded unless the gateway has its own
 * upstream key, which then replaces it.
 */
final class Upstream implements AutoCloseable {

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
        this.client = new HttpClient();
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(4096);
        client.setUserAgentField(null); // the client's own User-Agent is forwarded
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream client", e);
        }
        // A proxy passes 401, 407 and redirects on as they are; Jetty's handlers (added by start())
        // would answer them itself, and fail a 401 that has no WWW-Authenticate header.
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
    }

    URI base() {
        return base;
    }

    /** The key the gateway sends instead of the client's, or null. */
    String key() {
        return key;
    }

    /**
     * Sends a request and returns as soon as the status and headers arrive; the body is read by
     * the caller as it comes. The time limit applies to the headers and to every pause in the body.
     *
     * @param path    the path below {@code /v1}, starting with a slash
     * @param query   the raw query string, or null
     * @param headers the client's headers (names in any case)
     * @throws TimeoutException when the upstream is silent for longer than the limit
     * @throws IOException      when the connection cannot be made or breaks
     */
    Answer send(String method, String path, String query, Map<String, List<String>> headers, byte[] body)
            throws IOException, TimeoutException, InterruptedException {
        return start(method, path, query, headers, body).answer();
    }

    /** Starts a request whose body is known whole. */
    Pending start(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        Request request = request(method, path, query, headers);
        if (body.length > 0) {
            request.body(new BytesRequestContent(contentType(headers), body));
        }
        return new Pending(request, null);
    }

    /**
     * Starts a request whose body the caller writes to {@link Pending#body()} as it arrives, so
     * that a large body never sits whole in memory.
     *
     * @param length the body's length as the client declared it, or -1 (then it is sent chunked)
     */
    Pending stream(String method, String path, String query, Map<String, List<String>> headers, long length) {
        Request request = request(method, path, query, headers);
        OutputStreamRequestContent content = new OutputStreamRequestContent(contentType(headers)) {
            @Override
            public long getLength() {
                return length;
            }
        };
        request.body(content);
        return new Pending(request, content);
    }

    private Request request(String method, String path, String query, Map<String, List<String>> headers) {
        Request request = client.newRequest(URI.create(base + path + (query == null ? "" : "?" + query)))
                .method(method).idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> named = new java.util.HashSet<>();
        headers.forEach((name, values) -> {
            if (name.equalsIgnoreCase("connection")) {
                values.forEach(v -> java.util.Arrays.stream(v.split(",")).map(t -> t.strip().toLowerCase(Locale.ROOT)).forEach(named::add));
            }
        });
        request.headers(fields -> {
            headers.forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!NOT_FORWARDED.contains(lower) && !named.contains(lower) && !lower.startsWith("x-probation-")
                        && !(key != null && CREDENTIALS.contains(lower))) {
                    values.forEach(value -> fields.add(name, value));
                }
            });
            if (key != null) {
                fields.put("Authorization", "Bearer " + key);
            }
            // Answers must arrive unencoded to be recorded; without this Jetty's client asks for gzip.
            fields.put("Accept-Encoding", "identity");
        });
        return request;
    }

    private static String contentType(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .map(e -> e.getValue().getFirst()).findFirst().orElse("application/json");
    }

    /** A request on its way: its body may still be written, its answer awaited, or it may be given up. */
    final class Pending {
        private final Request request;
        private final OutputStreamRequestContent content;
        private final InputStreamResponseListener listener = new InputStreamResponseListener();

        private Pending(Request request, OutputStreamRequestContent content) {
            this.request = request;
            this.content = content;
            request.send(listener);
        }

        /** Where a streamed body is written; closing it ends the body. Writes wait while the upstream reads. */
        OutputStream body() {
            return content.getOutputStream();
        }

        /** Gives the request up; waiting and reading then fail with {@code cause}. */
        void abort(Throwable cause) {
            request.abort(cause);
        }

        /**
         * Waits for the status and headers.
         *
         * @throws TimeoutException when the upstream is silent for longer than the limit
         * @throws IOException      when the connection cannot be made or breaks, or the request was aborted
         */
        Answer answer() throws IOException, TimeoutException, InterruptedException {
            try {
                Response response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Answer(response, listener);
            } catch (TimeoutException e) {
                request.abort(e);
                throw e;
            } catch (InterruptedException e) {
                request.abort(e);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TimeoutException timeout) {
                    throw timeout;
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(UpstreamFailure.describe(cause == null ? e : cause), cause);
            }
        }
    }

    /** Response headers the client gets: all but hop-by-hop ones and those the server sets itself. */
    static boolean passedBack(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !NOT_FORWARDED.contains(lower) && !lower.equals("date") && !lower.equals("server")
                && !lower.equals("content-type") && !lower.equals("proxy-authenticate");
    }

    /** Headers a {@code Connection} header names are hop-by-hop too (RFC 9110, 7.6.1). */
    static Set<String> connectionTokens(Iterable<HttpField> headers) {
        Set<String> tokens = new java.util.HashSet<>();
        for (HttpField field : headers) {
            if (field.getName().equalsIgnoreCase("connection")) {
                for (String token : field.getValue().split(",")) {
                    tokens.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tokens;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping a client that had no connections cannot usefully fail
        }
    }

    /** An upstream answer whose body is still arriving. */
    static final class Answer implements AutoCloseable {
        private final Response response;
        private final InputStreamResponseListener listener;
        private final InputStream body;

        Answer(Response response, InputStreamResponseListener listener) {
            this.response = response;
            this.listener = listener;
            this.body = listener.getInputStream();
        }

        int status() {
            return response.getStatus();
        }

        String contentType() {
            String type = response.getHeaders().get("Content-Type");
            return type == null ? "" : type;
        }

        /** The declared body length, or -1. */
        long contentLength() {
            return response.getHeaders().getLongField("Content-Length");
        }

        Iterable<HttpField> headers() {
            return response.getHeaders();
        }

        /** The body as it arrives; a read blocks until the next bytes come. */
        InputStream body() {
            return body;
        }

        /** Stops the transfer (closing the stream aborts the upstream request when it is unfinished). */
        @Override
        public void close() throws IOException {
            body.close();
            listener.close();
        }
    }
}
