package dev.probation.bench.owasp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wall time and peak memory of one tool run, read from GNU time's {@code -v} report.
 *
 * @param seconds elapsed wall-clock seconds
 * @param peakKib maximum resident set size, KiB
 */
public record Usage(double seconds, long peakKib) {

    private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time.*: (?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
    private static final Pattern PEAK = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    public static Usage parse(String report, String where) {
        Matcher wall = WALL.matcher(report);
        Matcher peak = PEAK.matcher(report);
        if (!wall.find() || !peak.find()) {
            throw new IllegalArgumentException(where + ": no wall-clock time or maximum resident set size; "
                    + "expected the output of /usr/bin/time -v");
        }
        double hours = wall.group(1) == null ? 0 : Integer.parseInt(wall.group(1));
        double seconds = hours * 3600 + Integer.parseInt(wall.group(2)) * 60 + Double.parseDouble(wall.group(3));
        return new Usage(seconds, Long.parseLong(peak.group(1)));
    }

    public static Usage read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public double peakMib() {
        return peakKib / 1024.0;
    }
}
