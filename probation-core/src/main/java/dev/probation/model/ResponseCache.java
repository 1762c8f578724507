package dev.probation.model;

import dev.probation.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * Answers on disk, one JSON file per request, keyed by the SHA-256 of the model ref, the endpoint
 * and the full request (seed included, so repeated samples stay distinct). Writes are atomic, so
 * concurrent runs can share a folder; unreadable entries count as misses.
 */
final class ResponseCache {

    private final Path dir;

    ResponseCache(Path dir) {
        this.dir = dir;
    }

    String key(String ref, String endpoint, ChatRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((ref + "\n" + endpoint + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(Json.MAPPER.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<ChatResponse> get(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), ChatResponse.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    void put(String key, ChatResponse response) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), key.substring(0, 8), ".tmp");
            Files.write(temp, Json.MAPPER.writeValueAsBytes(response));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // A cache that cannot be written only costs a repeated call later.
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }
}
