package dev.probation.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Strict UTF-8 text, so that a byte that is not UTF-8 is reported with its line and column rather
 * than as the JDK's "Input length = 1". A byte-order mark at the start is dropped (internal; not part
 * of the API).
 */
public final class Utf8 {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8() {}

    /**
     * One line without its line break ({@code \n} or {@code \r\n}).
     *
     * @param text      the line; bytes that are not UTF-8 read as U+FFFD
     * @param malformed why the line is not UTF-8 text ({@code byte 0xC3 at column 40 is not UTF-8}), or null
     */
    public record Line(String text, String malformed) {
        public boolean valid() {
            return malformed == null;
        }
    }

    /** Text that is not UTF-8: the 1-based line of the first bad byte, and what is wrong there. */
    public static final class MalformedException extends Exception {
        private final int line;

        MalformedException(int line, String problem) {
            super(problem);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** The lines of a file. */
    public static List<Line> lines(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return lines(in);
        }
    }

    /** The lines of a stream, read to its end; memory grows with the input, time linearly. */
    public static List<Line> lines(InputStream in) throws IOException {
        List<Line> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    lines.add(line(line.toByteArray(), lines.isEmpty()));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, n - start);
        }
        if (line.size() > 0) {
            lines.add(line(line.toByteArray(), lines.isEmpty()));
        }
        return lines;
    }

    /**
     * The whole text, without a leading byte-order mark.
     *
     * @throws MalformedException naming the line of the first byte that is not UTF-8
     */
    public static String decode(byte[] bytes) throws MalformedException {
        int from = startsWithBom(bytes) ? BOM.length : 0;
        int bad = firstMalformed(bytes, from, bytes.length);
        if (bad >= 0) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new MalformedException(line, problem(bytes[bad], bad - lineStart + 1));
        }
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    private static Line line(byte[] bytes, boolean first) {
        int from = first && startsWithBom(bytes) ? BOM.length : 0;
        int to = bytes.length > from && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        int bad = firstMalformed(bytes, from, to);
        return new Line(new String(bytes, from, to - from, StandardCharsets.UTF_8), bad < 0 ? null : problem(bytes[bad], bad + 1));
    }

    private static String problem(byte bad, int column) {
        return String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X at column %d)", bad & 0xFF, column);
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= BOM.length && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    /** The index of the first byte in {@code [from, to)} that is not part of a UTF-8 character, or -1. */
    static int firstMalformed(byte[] bytes, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input by default
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(Math.min(to - from, 1 << 14) + 2);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear(); // overflow: the characters themselves are not needed here
        }
    }
}
