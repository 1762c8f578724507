package dev.probation.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a body kept for the record: at most {@code limit} bytes, each taken from the shared
 * {@link CaptureBudget} before it is kept. The body itself flows on whatever its size; only what is
 * kept here stays in memory. Once a byte is not kept, none after it is, so the capture is always
 * the body's first bytes. {@link #close} gives the bytes back once the capture is handed on.
 */
final class Tap implements AutoCloseable {

    /** Why a capture is shorter than its body. */
    enum Cut { NONE, LIMIT, MEMORY }

    private static final int CHUNK = 16384;

    private final int limit;
    private final CaptureBudget budget;
    /** Kept bytes in chunks, so that a growing capture never holds a half-empty doubled array. */
    private final List<byte[]> chunks = new ArrayList<>();
    private int size;
    private long seen;
    private Cut cut = Cut.NONE;

    /** @param budget where kept bytes are counted, or null for a short-lived buffer of at most {@code limit} bytes */
    Tap(int limit, CaptureBudget budget) {
        this.limit = limit;
        this.budget = budget;
    }

    /** Keeps what fits of these bytes; the rest is only counted. */
    void write(byte[] bytes, int offset, int length) {
        seen += length;
        if (cut != Cut.NONE || length <= 0) {
            return;
        }
        int room = Math.min(length, limit - size);
        int granted = take(room);
        for (int done = 0; done < granted; ) {
            int n = Math.min(granted - done, room());
            System.arraycopy(bytes, offset + done, chunk(), size % CHUNK, n);
            size += n;
            done += n;
        }
        if (granted < length) {
            cut = granted < room ? Cut.MEMORY : Cut.LIMIT;
        }
    }

    /**
     * Reads from {@code in} while there is room, never more than can be kept, so that the caller
     * can pass on the rest of the stream itself.
     *
     * @return true when the stream ended, so that all of it is kept
     */
    boolean fill(InputStream in) throws IOException {
        while (true) {
            int granted = take(Math.min(room(), limit - size));
            if (granted <= 0) {
                return false;
            }
            int read = in.read(chunk(), size % CHUNK, granted);
            giveBack(granted - Math.max(read, 0));
            if (read < 0) {
                return true;
            }
            size += read;
            seen += read;
        }
    }

    private int take(int wanted) {
        if (wanted <= 0) {
            return 0;
        }
        return budget == null ? wanted : budget.take(wanted);
    }

    private void giveBack(int bytes) {
        if (budget != null && bytes > 0) {
            budget.give(bytes);
        }
    }

    /** Room left in the last chunk (a whole new chunk when it is full). */
    private int room() {
        return CHUNK - size % CHUNK;
    }

    /** The chunk the next byte goes into, added when needed. */
    private byte[] chunk() {
        if (chunks.size() * CHUNK == size) {
            chunks.add(new byte[CHUNK]);
        }
        return chunks.getLast();
    }

    /** Writes the bytes kept, as they are. */
    void copyTo(OutputStream out) throws IOException {
        for (int i = 0; i < chunks.size(); i++) {
            out.write(chunks.get(i), 0, Math.min(CHUNK, size - i * CHUNK));
        }
    }

    /** A copy of the bytes kept. */
    byte[] kept() {
        byte[] all = new byte[size];
        for (int i = 0; i < chunks.size(); i++) {
            System.arraycopy(chunks.get(i), 0, all, i * CHUNK, Math.min(CHUNK, size - i * CHUNK));
        }
        return all;
    }

    /** Bytes seen, kept or not. */
    long seen() {
        return seen;
    }

    Cut cut() {
        return cut;
    }

    /** Gives the kept bytes back to the budget; what {@link #kept} returned belongs to the caller now. */
    @Override
    public void close() {
        giveBack(size);
        size = 0;
        chunks.clear();
    }
}
