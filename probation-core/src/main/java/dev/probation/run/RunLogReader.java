package dev.probation.run;

import dev.probation.detect.Verdict;
import dev.probation.scenario.FormatException;
import dev.probation.util.Json;
import dev.probation.util.Utf8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads run logs written by {@link RunLog}. */
public final class RunLogReader {

    private RunLogReader() {}

    /**
     * Reads a run log. An unreadable last line (a run killed while writing) is dropped and counted;
     * an unreadable line elsewhere is an error naming the line.
     *
     * @throws FormatException when the file is not a run log or is damaged
     */
    public static RunContents read(Path file) {
        List<Utf8.Line> lines;
        try {
            lines = Utf8.lines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run log " + file + ": " + e.getMessage(), e);
        }
        String name = file.toString();
        RunHeader header = null;
        Map<String, Attempt> attempts = new LinkedHashMap<>();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        int dropped = 0;
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).valid() && lines.get(last - 1).text().isBlank()) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            String text = lines.get(i).text();
            if (!lines.get(i).valid()) {
                // a run killed while writing can tear the last line inside a multibyte character
                if (i == last - 1) {
                    dropped++;
                    continue;
                }
                throw new FormatException(name, i + 1, "", "damaged line in run log: " + lines.get(i).malformed());
            }
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Json.MAPPER.readTree(text);
            } catch (JacksonException e) {
                if (i == last - 1) {
                    dropped++;
                    continue;
                }
                throw new FormatException(name, i + 1, "", "damaged line in run log: " + e.getOriginalMessage());
            }
            String type = line.path("type").asString("");
            try {
                switch (type) {
                    case "header" -> {
                        if (header != null) {
                            throw new FormatException(name, i + 1, "type", "a second header line");
                        }
                        header = Json.MAPPER.treeToValue(line, RunHeader.class);
                        if (!RunHeader.FORMAT.equals(header.format()) || header.version() > RunHeader.VERSION) {
                            throw new FormatException(name, i + 1, "version", "unsupported run log format "
                                    + header.format() + " v" + header.version() + " (this Probation reads v" + RunHeader.VERSION + ")");
                        }
                    }
                    case "attempt" -> {
                        Attempt attempt = Json.MAPPER.treeToValue(line, Attempt.class);
                        attempts.remove(attempt.id());
                        attempts.put(attempt.id(), attempt);
                        verdicts.remove(attempt.id());
                    }
                    case "verdict" -> verdicts.put(line.path("attempt").asString(),
                            Json.MAPPER.treeToValue(line.path("verdict"), Verdict.class));
                    case "rescore" -> verdicts.clear();
                    default -> throw new FormatException(name, i + 1, "type", "unknown line type '" + type + "'");
                }
            } catch (JacksonException | IllegalArgumentException e) {
                throw new FormatException(name, i + 1, type, "cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (header == null) {
                throw new FormatException(name, i + 1, "type", "the first line of a run log must be its header");
            }
        }
        if (header == null) {
            throw new FormatException(name, 0, "", "not a run log: no header line");
        }
        return new RunContents(header, new ArrayList<>(attempts.values()), verdicts, dropped);
    }
}
