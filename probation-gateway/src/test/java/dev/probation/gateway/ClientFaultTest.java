package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Clients that leave, dawdle or send too much, over raw sockets. */
class ClientFaultTest {

    @TempDir
    Path dir;

    @Test
    void aClientLeavingAPlainCallIsRecordedAs499() throws Exception {
        try (Harness h = Harness.start(dir)) {
            h.upstream.latency(Duration.ofSeconds(3));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), h.gateway.port())) {
                socket.getOutputStream().write(post(Harness.chatBody("take your time", false)));
                socket.getOutputStream().flush();
                Harness.await(() -> h.upstream.requestCount() == 1); // the call waits on the upstream
            } // and the client hangs up, as an SDK does when its own timeout fires
            h.awaitRecorded(1);
            JsonNode item = h.api("/api/exchanges").path("items").get(0);
            assertThat(item.path("status").asInt()).isEqualTo(Proxy.CLIENT_CLOSED);
            assertThat(item.path("error").asString()).contains("client went away");
        }
    }

    @Test
    void keepAliveAndPipelinedCallsStillGetTheirAnswers() throws Exception {
        try (Harness h = Harness.start(dir)) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), h.gateway.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(post(Harness.chatBody("one", false)));
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                out.write(post(Harness.chatBody("two", false)));
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                byte[] three = post(Harness.chatBody("three", false));
                byte[] four = post(Harness.chatBody("four", false));
                byte[] both = new byte[three.length + four.length];
                System.arraycopy(three, 0, both, 0, three.length);
                System.arraycopy(four, 0, both, three.length, four.length);
                out.write(both); // pipelined: the second request waits in the socket while the first is answered
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            }
            h.awaitRecorded(4);
            assertThat(h.api("/api/exchanges").path("items").findValuesAsString("status")).containsOnly("200");
        }
    }

    @Test
    void aSlowHeaderTrickleIsCutOff() throws Exception {
        try (Harness h = Harness.start(dir, b -> b.headerTimeout(Duration.ofSeconds(1)))) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), h.gateway.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                boolean closed = false;
                // One byte every 200 ms for up to 10 s, ten times the limit: each byte restarts an idle timeout.
                for (int i = 0; i < 50 && !closed; i++) {
                    Harness.sleep(200);
                    try {
                        out.write('a');
                        out.flush();
                        closed = closedByServer(socket);
                    } catch (IOException e) {
                        closed = true;
                    }
                }
                assertThat(closed).as("the gateway closes a connection whose headers never end").isTrue();
            }
            assertThat(h.chat(Harness.chatBody("a normal call", false)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheLimitGetsAnOpenAiShaped413() throws Exception {
        try (Harness h = Harness.start(dir)) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), h.gateway.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + (65L << 20) + "\r\n\r\n{\"model\":")
                        .getBytes(StandardCharsets.US_ASCII));
                String response = readResponse(socket.getInputStream());
                assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/json");
                JsonNode error = Json.MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
                assertThat(error.path("code").asString()).isEqualTo("request_too_large");
                assertThat(error.path("type").asString()).isEqualTo("probation_gateway_error");
                assertThat(error.path("message").asString()).contains(String.valueOf(64L << 20));
            }
            assertThat(h.upstream.requestCount()).as("nothing reached the upstream").isZero();
            h.awaitRecorded(1);
            assertThat(h.api("/api/exchanges").path("items").get(0).path("status").asInt()).isEqualTo(413);
        }
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static byte[] post(String body) {
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One response with a Content-Length body: its head and body as text. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
