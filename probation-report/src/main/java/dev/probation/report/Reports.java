package dev.probation.report;

import dev.probation.run.RunContents;
import dev.probation.run.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Renders a run into {@code summary.json}, a self-contained {@code report.html} and
 * {@code junit.xml}, all from the run log's contents only. Files are written atomically, so a
 * reader never sees half a report.
 */
public final class Reports {

    public static final String SUMMARY = "summary.json";
    public static final String HTML = "report.html";
    public static final String JUNIT = "junit.xml";

    private Reports() {}

    public static void writeAll(RunContents run, Summary summary, Path dir) {
        write(dir.resolve(SUMMARY), SummaryJson.render(summary));
        write(dir.resolve(HTML), HtmlReport.render(run, summary));
        write(dir.resolve(JUNIT), JunitReport.render(summary));
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            // Asked of the file system, not of the file store: finding the store reads the mount table,
            // which fails in chroots and some containers ("Mount point not found").
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Temporary files are private; reports are as readable as the run log beside them.
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
