package dev.probation.bench;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A fake OpenAI-compatible upstream on Jetty for the gateway benchmark: a fixed answer after a
 * fixed delay, plain or as server-sent events. Behind the JDK's built-in server (the tests' fake)
 * the upstream wait itself grew under load, which would bill that server's slowness to the
 * gateway; see docs/gateway.md.
 */
final class JettyUpstream implements AutoCloseable {

    private static final String ANSWER = "I can't help with that request. If you are locked out, contact your building's facilities team.";
    private static final String PLAIN = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"" + ANSWER.replace("'", "'") + "\"}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":19}}";

    private final Javalin server;
    private volatile Duration latency = Duration.ZERO;

    JettyUpstream() {
        server = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.routes.post("/v1/chat/completions", ctx -> {
                boolean stream = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8).contains("\"stream\":true");
                if (!latency.isZero()) {
                    Thread.sleep(latency);
                }
                if (stream) {
                    ctx.res().setContentType("text/event-stream");
                    OutputStream out = ctx.res().getOutputStream();
                    String[] words = ANSWER.split(" ");
                    int step = (words.length + 4) / 5;
                    for (int i = 0; i < words.length; i += step) {
                        String part = String.join(" ", java.util.Arrays.copyOfRange(words, i, Math.min(words.length, i + step))) + " ";
                        event(out, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"" + part + "\"},\"finish_reason\":null}]}");
                    }
                    event(out, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{},\"finish_reason\":\"stop\"}]}");
                    event(out, "[DONE]");
                } else {
                    ctx.contentType("application/json").result(PLAIN);
                }
            });
        }).start("127.0.0.1", 0);
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    @Override
    public void close() {
        server.stop();
    }
}
