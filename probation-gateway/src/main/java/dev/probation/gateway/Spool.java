package dev.probation.gateway;

import dev.probation.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * An append-only file of exchanges that could not be written to the database, one JSON object per
 * line, synced to disk before the append returns. Replaying moves the file aside first, so
 * appends during a replay go to a fresh file, and deletes it only once every record is stored;
 * the database skips ids it already has, so a replay cut short can simply run again.
 */
final class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String ACTIVE = "spool.jsonl";
    private static final int REPLAY_BATCH = 200;

    private final Path dir;
    private long pending;

    Spool(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
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

    synchronized void append(List<Exchange> exchanges) {
        StringBuilder lines = new StringBuilder();
        for (Exchange exchange : exchanges) {
            lines.append(Json.MAPPER.writeValueAsString(exchange)).append('\n');
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(ACTIVE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(StandardCharsets.UTF_8.encode(lines.toString()));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spool " + dir.resolve(ACTIVE) + ": " + e.getMessage(), e);
        }
        pending += exchanges.size();
    }

    /**
     * Hands every spooled record to {@code store}, oldest file first, in batches. Stops at the first
     * batch the store refuses, keeping that file for the next try.
     *
     * @return records replayed
     * @throws StoreException when the store refused a batch
     */
    long replay(Consumer<List<Exchange>> store) {
        List<Path> files;
        synchronized (this) {
            try {
                Path active = dir.resolve(ACTIVE);
                if (Files.exists(active)) {
                    Files.move(active, dir.resolve("spool-" + System.nanoTime() + ".replay"), StandardCopyOption.ATOMIC_MOVE);
                }
                files = replayFiles();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spool folder " + dir + ": " + e.getMessage(), e);
            }
        }
        long replayed = 0;
        for (Path file : files) {
            replayed += replayFile(file, store);
        }
        return replayed;
    }

    private long replayFile(Path file, Consumer<List<Exchange>> store) {
        long replayed = 0;
        List<Exchange> batch = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(Json.MAPPER.readValue(line, Exchange.class));
                } catch (JacksonException e) {
                    // A line torn by a crash mid-write; everything before and after it is kept.
                    LOG.warn("{}:{}: unreadable spooled record skipped: {}", file, number, e.getOriginalMessage());
                    forget(1);
                }
                if (batch.size() == REPLAY_BATCH) {
                    store.accept(batch);
                    replayed += batch.size();
                    forget(batch.size());
                    batch.clear();
                }
            }
            store.accept(batch);
            replayed += batch.size();
            forget(batch.size());
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the spool file " + file + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            // Records of the refused batch stay counted; those already stored are skipped next time.
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

    private List<Path> replayFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".replay")).sorted().toList();
        }
    }

    private long countPending() throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("spool.*\\.(jsonl|replay)")).toList()) {
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
