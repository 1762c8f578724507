package dev.probation.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads what is to be scanned, never more than the size limit: only regular files, because a device
 * such as {@code /dev/zero} never ends and a FIFO blocks until someone writes to it, even when a
 * symbolic link points at them.
 */
final class InputFile {

    /**
     * What reading gave.
     *
     * @param bytes   the content, or null when it was not read
     * @param refusal why it was not read ({@code not scanned: ...}), or null
     */
    record Read(byte[] bytes, String refusal) {}

    private InputFile() {}

    static Read read(Path path, long maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class); // follows links
        if (!attributes.isRegularFile()) {
            String kind = kind(path);
            if (Files.isSymbolicLink(path)) {
                kind = "a symbolic link to " + Files.readSymbolicLink(path) + ", " + kind;
            }
            return new Read(null, "not scanned: " + kind + "; only regular files are read");
        }
        if (attributes.size() > maxBytes) {
            return new Read(null, tooLarge(attributes.size() + " bytes", maxBytes));
        }
        try (InputStream in = Files.newInputStream(path)) {
            return limited(in, maxBytes, "the file"); // it may have grown since
        }
    }

    /** Reads a stream (standard input) up to the limit. */
    static Read limited(InputStream in, long maxBytes, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, CodeScanner.MAX_BYTES_LIMIT + 1));
        if (bytes.length > maxBytes) {
            return new Read(null, tooLarge(what, maxBytes));
        }
        return new Read(bytes, null);
    }

    private static String tooLarge(String what, long maxBytes) {
        return "not scanned: " + what + " is more than the " + maxBytes + "-byte limit (--max-file-size)";
    }

    /** What a file that is not a regular file is, for the message that refuses it. */
    private static String kind(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0040000 -> "a folder";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "not a regular file"; // no unix attribute view on this platform
        }
    }
}
