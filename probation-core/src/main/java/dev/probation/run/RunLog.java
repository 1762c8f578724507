package dev.probation.run;

import dev.probation.detect.Verdict;
import dev.probation.util.Json;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.node.ObjectNode;

/**
 * The append-only JSONL record of a run: a header line, then one line per finished attempt and per
 * verdict, each written and flushed to the operating system as soon as it exists, so a process
 * killed at any moment loses at most the line being written. {@link RunLogReader} reads it back,
 * dropping an incomplete last line; {@link #resume} continues a log after such a crash. Writes use
 * a plain stream rather than a channel, because interrupting a thread that writes to a channel
 * closes the channel, and an audit interrupts its workers when it stops early.
 */
public final class RunLog implements AutoCloseable {

    private final Path file;
    private final FileOutputStream stream;

    private RunLog(Path file, FileOutputStream stream) {
        this.file = file;
        this.stream = stream;
    }

    /** Starts a new log with its header; fails if the file exists. */
    public static RunLog create(Path file, RunHeader header) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.createFile(file);
            RunLog log = new RunLog(file, new FileOutputStream(file.toFile(), true));
            ObjectNode line = Json.MAPPER.createObjectNode().put("type", "header");
            line.setAll((ObjectNode) Json.MAPPER.valueToTree(header));
            log.write(line);
            return log;
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot create run log " + file + ": it already exists", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing log for appending, first cutting off an incomplete last line. */
    public static RunLog resume(Path file) {
        try {
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
                raw.setLength(lastCompleteLineEnd(raw));
            }
            return new RunLog(file, new FileOutputStream(file.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public void append(Attempt attempt) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("type", "attempt");
        line.setAll((ObjectNode) Json.MAPPER.valueToTree(attempt));
        write(line);
    }

    public void append(String attemptId, Verdict verdict) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("type", "verdict").put("attempt", attemptId);
        line.set("verdict", Json.MAPPER.valueToTree(verdict));
        write(line);
    }

    /** Marks that the verdicts after this line replace earlier ones ({@code probation score}). */
    public void appendRescore(String detector, String judge) {
        write(Json.MAPPER.createObjectNode().put("type", "rescore").put("detector", detector).put("judge", judge)
                .put("at", java.time.Instant.now().toString()));
    }

    private synchronized void write(ObjectNode line) {
        byte[] bytes = (Json.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            stream.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run log " + file + ": " + e.getMessage(), e);
        }
    }

    private static long lastCompleteLineEnd(RandomAccessFile raw) throws IOException {
        for (long position = raw.length() - 1; position >= 0; position--) {
            raw.seek(position);
            if (raw.read() == '\n') {
                return position + 1;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            stream.getFD().sync();
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
