package dev.probation.reasoning;

import dev.probation.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToIntFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The JSON file of a trained classifier: shipped as a class-path resource, written by retraining. */
final class ModelFile {

    private ModelFile() {}

    /**
     * Reads a shipped classifier, which must have this build's format version.
     *
     * @param what the classifier in error messages, e.g. {@code reasoning classifier}
     */
    static <T> T read(Class<T> type, String resource, String what, int version, ToIntFunction<T> versionOf) {
        InputStream raw = type.getResourceAsStream(resource);
        if (raw == null) {
            throw new IllegalStateException("the " + what + " " + resource + " is missing from the class path");
        }
        try (InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            T model = Json.MAPPER.readValue(in, type);
            if (versionOf.applyAsInt(model) != version) {
                throw new IllegalStateException("the " + what + " has format version " + versionOf.applyAsInt(model)
                        + "; this build reads " + version);
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a classifier as indented JSON, gzipped when the file name ends with .gz, creating its folder. */
    static void write(Object model, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] json = (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(model) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            if (file.getFileName().toString().endsWith(".gz")) {
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                    out.write(json);
                }
            } else {
                Files.write(file, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
