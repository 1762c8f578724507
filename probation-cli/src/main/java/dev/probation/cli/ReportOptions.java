package dev.probation.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How a white-box command reports: text or JSON on standard output, and optionally a report folder. */
final class ReportOptions {

    enum Format { TEXT, JSON }

    /** The files a lab report folder holds; a folder given to --out that holds anything else is refused. */
    static final List<String> REPORT_FILES = List.of("report.html", "summary.json");

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>",
            description = "Also write report.html (charts) and summary.json (the --format json object) into this folder: "
                    + "new, empty, or an earlier lab report's.")
    Path out;

    @Option(names = "--format", defaultValue = "text", paramLabel = "<text|json>",
            description = "text (a table) or json (one object on standard output) (default: ${DEFAULT-VALUE}).")
    String format;

    Format format() {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new UsageException("--format: expected text or json, found '" + format + "'");
        };
    }

    /** Checked before a long run, so that a bad --format or --out fails at once. */
    void check() {
        check(List.of(), "lab report");
    }

    /**
     * As {@link #check()}, for a command whose folder also holds {@code extra} files (probe train's
     * probe.json): another command's folder is refused, so that one report never overwrites another.
     */
    void check(List<String> extra, String what) {
        format();
        if (out != null) {
            OutputFolder.forResults(out, e -> {
                String name = e.getFileName().toString();
                return REPORT_FILES.contains(name) || extra.contains(name);
            }, what);
        }
    }

    /** Writes report.html and summary.json when --out was given; returns the report's path, or null. */
    Path write(String html, Object summary) throws IOException {
        if (out == null) {
            return null;
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.json"),
                dev.probation.util.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
        Path report = out.resolve("report.html");
        Files.writeString(report, html);
        return report;
    }
}
