package dev.probation.gateway;

import dev.probation.util.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * An append-only file of records waiting for the database, one JSON object per line. Replaying
 * moves the file aside first, so appends during a replay go to a fresh file, and deletes it only
 * once every record is handed on; the database skips ids it already has, so a replay cut short
 * can simply run again. A line torn by a crash is skipped with a warning; the lines around it are
 * kept.
 *
 * @param <T> what is spooled: analysed exchanges, or raw captures that overflowed the queue
 */
final class Spool<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int REPLAY_BATCH = 200;

    private final Path dir;
    private final String name;
    private final Class<T> type;
    private long pending;
    private volatile boolean writable = true;

    /**
     * @param name the file's name without extension: {@code <name>.jsonl}, moved aside as
     *             {@code <name>-<n>.replay}
     */
    Spool(Path dir, String name, Class<T> type) {
        this.dir = dir;
        this.name = name;
        this.type = type;
        try {
            Files.createDirectories(dir);
            endTornLine(dir.resolve(name + ".jsonl"));
            pending = countPending();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the spool folder " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Records waiting to be replayed. */
    synchronized long pending() {
        return pending;
    }

    /** Whether the last append reached the disk. */
    boolean writable() {
        return writable;
    }

    /**
     * Appends records. With {@code sync} the data is on disk before this returns; without, it is in
     * the operating system's cache, which survives the process but not the machine. A write that
     * fails part-way is cut back, so no half line is left for the next record to be glued to.
     */
    synchronized void append(List<T> records, boolean sync) {
        StringBuilder lines = new StringBuilder();
        for (T record : records) {
            lines.append(Json.MAPPER.writeValueAsString(record)).append('\n');
        }
        Path file = dir.resolve(name + ".jsonl");
        try {
            Files.createDirectories(dir); // a folder deleted while the gateway runs is made again
        } catch (IOException e) {
            writable = false;
            throw new UncheckedIOException("cannot create the spool folder " + dir + ": " + e.getMessage(), e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(lines.toString());
            try {
                long at = size;
                while (bytes.hasRemaining()) {
                    at += channel.write(bytes, at);
                }
                if (sync) {
                    channel.force(false);
                }
            } catch (IOException e) {
                channel.truncate(size);
                throw e;
            }
        } catch (IOException e) {
            writable = false;
            throw new UncheckedIOException("cannot append to the spool " + file + ": " + e.getMessage(), e);
        }
        writable = true;
        pending += records.size();
    }

    /**
     * Whether the spool's files were deleted from under it (its folder removed by hand): then the
     * records they held are gone. Returns how many, and counts them no longer.
     */
    synchronized long lost() {
        if (pending == 0) {
            return 0;
        }
        boolean anyFile;
        try (Stream<Path> files = Files.list(dir)) {
            anyFile = files.anyMatch(f -> f.getFileName().toString().equals(name + ".jsonl")
                    || isReplay(f.getFileName().toString()));
        } catch (IOException e) {
            anyFile = false; // the folder itself is gone
        }
        if (anyFile) {
            return 0;
        }
        long lost = pending;
        pending = 0;
        return lost;
    }

    /**
     * Hands every spooled record to {@code sink}, oldest file first, in batches. Stops at the first
     * batch the sink refuses with an exception; that batch and the rest of its file are kept for
     * the next try, and the records handed on before it are not handed on again.
     *
     * @return records replayed
     */
    long replay(Consumer<List<T>> sink) {
        List<Path> files;
        synchronized (this) {
            if (!Files.isDirectory(dir)) {
                return 0; // deleted from under the gateway: see lost()
            }
            try {
                Path active = dir.resolve(name + ".jsonl");
                if (Files.exists(active)) {
                    Files.move(active, replayFile(), StandardCopyOption.ATOMIC_MOVE);
                }
                files = replayFiles();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spool folder " + dir + ": " + e.getMessage(), e);
            }
        }
        long replayed = 0;
        for (Path file : files) {
            replayed += replayFile(file, sink);
        }
        return replayed;
    }

    private Path replayFile() {
        return dir.resolve(name + "-" + System.currentTimeMillis() + "-" + System.nanoTime() + ".replay");
    }

    private long replayFile(Path file, Consumer<List<T>> sink) {
        long replayed = 0;
        List<T> batch = new ArrayList<>();
        List<byte[]> raw = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            int number = 0;
            byte[] line;
            while ((line = nextLine(in)) != null) {
                number++;
                // Decoded leniently: a line torn inside a character is unreadable JSON, not an I/O error.
                String text = new String(line, StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    continue;
                }
                try {
                    batch.add(Json.MAPPER.readValue(text, type));
                    raw.add(line);
                } catch (JacksonException e) {
                    LOG.warn("{}:{}: unreadable spooled record skipped: {}", file, number, e.getOriginalMessage());
                    forget(1);
                }
                if (batch.size() == REPLAY_BATCH) {
                    hand(sink, batch, raw, in, file);
                    replayed += batch.size();
                    batch.clear();
                    raw.clear();
                }
            }
            hand(sink, batch, raw, in, file);
            replayed += batch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the spool file " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the replayed spool file " + file + ": " + e.getMessage(), e);
        }
        return replayed;
    }

    /** Hands a batch on; if the sink refuses it, keeps the batch and the rest of the file in a new file. */
    private void hand(Consumer<List<T>> sink, List<T> batch, List<byte[]> raw, InputStream rest, Path file)
            throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            Path remainder = file.resolveSibling(file.getFileName().toString().replace(".replay", "-r.replay"));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(remainder))) {
                for (byte[] line : raw) {
                    out.write(line);
                    out.write('\n');
                }
                rest.transferTo(out);
            }
            Files.delete(file);
            throw e;
        }
        forget(batch.size());
    }

    /** The next line's bytes without its end, or null at the end; a last line without an end counts. */
    private static byte[] nextLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toByteArray();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private synchronized void forget(int records) {
        pending = Math.max(0, pending - records);
    }

    /** A crash mid-append leaves a line without its end; the next record must not be glued to it. */
    private static void endTornLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            if (last.get(0) != '\n') {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
                channel.force(false);
            }
        }
    }

    private List<Path> replayFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> isReplay(f.getFileName().toString())).sorted().toList();
        }
    }

    private boolean isReplay(String file) {
        return file.startsWith(name + "-") && file.endsWith(".replay");
    }

    /** Lines in the spool's files, counted by their ends: no decoding, so a torn character cannot fail it. */
    private long countPending() throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(name + ".jsonl")
                    || isReplay(f.getFileName().toString())).toList()) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    byte[] line;
                    while ((line = nextLine(in)) != null) {
                        if (!new String(line, StandardCharsets.ISO_8859_1).isBlank()) {
                            lines++;
                        }
                    }
                }
            }
        }
        return lines;
    }
}
