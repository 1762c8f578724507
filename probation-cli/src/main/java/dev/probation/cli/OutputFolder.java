package dev.probation.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The folder a command writes into: a new or empty one, or one holding only that command's own
 * earlier results. Files of anything else are never overwritten.
 */
final class OutputFolder {

    private OutputFolder() {}

    /** For an audit: new or empty, or a run (with --resume to continue it). */
    static void forRun(Path dir, boolean resume) {
        requireFolder(dir);
        if (Files.exists(dir.resolve(AuditRunner.RUN_LOG))) {
            if (!resume) {
                throw new UsageException(dir + " already holds a run; add --resume to continue it, or choose another --out");
            }
            return;
        }
        if (!isEmpty(dir)) {
            throw new UsageException("--out " + dir + " is not empty and holds no Probation run (" + AuditRunner.RUN_LOG
                    + "); choose a new or empty folder");
        }
    }

    /**
     * For commands that rewrite their own files on every run (scan-triggers, demo): new or empty, or
     * every entry one of {@code ours}.
     *
     * @param what the command's results, for the message, e.g. "trigger search"
     */
    static void forResults(Path dir, Predicate<Path> ours, String what) {
        requireFolder(dir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (!entries.allMatch(ours)) {
                throw new UsageException("--out " + dir + " is not empty and holds no earlier " + what
                        + "; choose a new or empty folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void requireFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + " is a file; name a folder");
        }
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
