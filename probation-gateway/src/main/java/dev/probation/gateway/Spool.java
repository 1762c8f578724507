package dev.probation.gateway;

import dev.probation.util.Json;
import java.io.BufferedReader;
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

    /**
     * Appends records. With {@code sync} the data is on disk before this returns; without, it is in
     * the operating system's cache, which survives the process but not the machine.
     */
    synchronized void append(List<T> records, boolean sync) {
        StringBuilder lines = new StringBuilder();
        for (T record : records) {
            lines.append(Json.MAPPER.writeValueAsString(record)).append('\n');
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(name + ".jsonl"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(lines.toString());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spool " + dir.resolve(name + ".jsonl") + ": " + e.getMessage(), e);
        }
        pending += records.size();
    }

    /**
     * Hands every spooled record to {@code sink}, oldest file first, in batches. Stops at the first
     * batch the sink refuses with an exception, keeping that file for the next try.
     *
     * @return records replayed
     */
    long replay(Consumer<List<T>> sink) {
        List<Path> files;
        synchronized (this) {
            try {
                Path active = dir.resolve(name + ".jsonl");
                if (Files.exists(active)) {
                    Files.move(active, dir.resolve(name + "-" + System.currentTimeMillis() + "-" + System.nanoTime() + ".replay"),
                            StandardCopyOption.ATOMIC_MOVE);
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

    private long replayFile(Path file, Consumer<List<T>> sink) {
        long replayed = 0;
        List<T> batch = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(Json.MAPPER.readValue(line, type));
                } catch (JacksonException e) {
                    LOG.warn("{}:{}: unreadable spooled record skipped: {}", file, number, e.getOriginalMessage());
                    forget(1);
                }
                if (batch.size() == REPLAY_BATCH) {
                    sink.accept(batch);
                    replayed += batch.size();
                    forget(batch.size());
                    batch.clear();
                }
            }
            sink.accept(batch);
            replayed += batch.size();
            forget(batch.size());
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the spool file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The refused batch and the rest of the file stay; records already handed on are skipped next time.
            synchronized (this) {
                pending = countPendingQuietly();
            }
            throw e;
        }
        return replayed;
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

    private long countPending() throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(name + ".jsonl")
                    || isReplay(f.getFileName().toString())).toList()) {
                try (Stream<String> content = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines += content.filter(l -> !l.isBlank()).count();
                }
            }
        }
        return lines;
    }

    private long countPendingQuietly() {
        try {
            return countPending();
        } catch (IOException | UncheckedIOException e) {
            return pending;
        }
    }
}
