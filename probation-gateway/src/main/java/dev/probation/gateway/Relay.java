package dev.probation.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies an upstream body to the client as it arrives, counting it into a {@link Tap}, and tells
 * a failure on the upstream's side from one on the client's.
 */
final class Relay {

    private Relay() {
    }

    /** A plain body copied through; read and write failures are told apart as in {@link #stream}. */
    static CopyOutcome copy(InputStream in, HttpServletResponse res, Tap tap) {
        byte[] buffer = new byte[16384];
        OutputStream out;
        try {
            out = res.getOutputStream();
            tap.copyTo(out);
        } catch (IOException e) {
            return new CopyOutcome(true, "the client went away before the answer began");
        }
        while (true) {
            int read;
            try {
                read = in.read(buffer);
            } catch (IOException e) {
                return new CopyOutcome(false, "the upstream's answer broke off: " + UpstreamFailure.describe(e));
            }
            if (read < 0) {
                return new CopyOutcome(false, null);
            }
            tap.write(buffer, 0, read);
            try {
                out.write(buffer, 0, read);
            } catch (IOException e) {
                return new CopyOutcome(true, "the client went away mid-answer");
            }
        }
    }

    record CopyOutcome(boolean clientGone, String error) {}

    /** Copies events as they come; a failure on either side ends the copy and is reported. */
    static StreamOutcome stream(InputStream in, HttpServletResponse res, Tap tap) {
        byte[] buffer = new byte[8192];
        long lastRead = System.nanoTime();
        try (in) {
            OutputStream out;
            try {
                res.flushBuffer(); // the client sees the headers before the first event
                out = res.getOutputStream();
            } catch (IOException e) {
                return new StreamOutcome(lastRead, true, "the client went away before the stream began");
            }
            int read;
            while (true) {
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    lastRead = System.nanoTime();
                    String message = "the upstream's stream broke off: " + UpstreamFailure.describe(e);
                    tellClient(out, message);
                    return new StreamOutcome(lastRead, false, message);
                }
                lastRead = System.nanoTime();
                if (read < 0) {
                    return new StreamOutcome(lastRead, false, null);
                }
                tap.write(buffer, 0, read);
                try {
                    out.write(buffer, 0, read);
                    out.flush();
                } catch (IOException e) {
                    // Closing the upstream body (try-with-resources) cancels the upstream request.
                    return new StreamOutcome(lastRead, true, "the client went away after " + tap.seen() + " bytes");
                }
            }
        } catch (IOException e) {
            return new StreamOutcome(lastRead, false, null);
        }
    }

    /** An error event, as OpenAI sends mid-stream, so SDKs raise instead of ending quietly. */
    private static void tellClient(OutputStream out, String message) {
        try {
            out.write(("\n\ndata: " + Proxy.errorJson("upstream_stream_broken", message) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the client is gone too
        }
    }

    record StreamOutcome(long lastRead, boolean clientGone, String error) {}
}
