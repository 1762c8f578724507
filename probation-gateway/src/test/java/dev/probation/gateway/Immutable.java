package dev.probation.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A file made unwritable for real, even to root, with {@code chattr +i}: writes to it fail with an
 * I/O error the way a failing disk's do, until {@link #close()} lifts the flag. It needs root with
 * CAP_LINUX_IMMUTABLE and a file system with the flag (ext4, xfs, btrfs); elsewhere the test is
 * skipped with the reason, since a plain {@code chmod} does not stop a file already open.
 */
final class Immutable implements AutoCloseable {

    private final Path file;

    private Immutable(Path file) {
        this.file = file;
    }

    static Immutable make(Path file) {
        String failure = chattr("+i", file);
        Assumptions.assumeTrue(failure == null, () -> "cannot make " + file + " immutable here (" + failure
                + "): this test needs root with CAP_LINUX_IMMUTABLE on ext4, xfs or btrfs");
        return new Immutable(file);
    }

    @Override
    public void close() {
        String failure = chattr("-i", file);
        if (failure != null) {
            throw new AssertionError("cannot lift the immutable flag of " + file + ": " + failure);
        }
    }

    /** Null when it worked, else what went wrong. */
    private static String chattr(String flag, Path file) {
        try {
            Process process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "chattr did not finish";
            }
            return process.exitValue() == 0 ? null : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
