package dev.probation.run;

import dev.probation.detect.Verdict;
import dev.probation.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.node.ObjectNode;

/**
 * The append-only JSONL record of a run: a header line, then one line per finished attempt and per
 * verdict, each written and flushed to the operating system as soon as it exists, so a process
 * killed at any moment loses at most the line being written. {@link RunLogReader} reads it back,
 * dropping an incomplete last line; {@link #resume} continues a log after such a crash.
 */
public final class RunLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    private RunLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Starts a new log with its header; fails if the file exists. */
    public static RunLog create(Path file, RunHeader header) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            RunLog log = new RunLog(file, channel);
            ObjectNode line = Json.MAPPER.createObjectNode().put("type", "header");
            line.setAll((ObjectNode) Json.MAPPER.valueToTree(header));
            log.write(line);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing log for appending, first cutting off an incomplete last line. */
    public static RunLog resume(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.truncate(lastCompleteLineEnd(channel));
            channel.position(channel.size());
            return new RunLog(file, channel);
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
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run log " + file + ": " + e.getMessage(), e);
        }
    }

    private static long lastCompleteLineEnd(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long position = size - 1; position >= 0; position--) {
            one.clear();
            channel.read(one, position);
            if (one.get(0) == '\n') {
                return position + 1;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
