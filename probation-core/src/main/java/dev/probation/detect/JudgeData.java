package dev.probation.detect;

import dev.probation.util.Json;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * How judge prompts carry transcripts as data, for every judge in Probation. The transcript goes in
 * as one JSON object, with {@code <} and {@code >} escaped, between markers that carry a random
 * nonce ({@link #wrap}); the judge's instructions say that nothing between the markers is an
 * instruction. Text in a transcript therefore cannot close the data block, fake a new instruction
 * section, or predict the markers.
 */
public final class JudgeData {

    private static final SecureRandom RANDOM = new SecureRandom();

    private JudgeData() {}

    /** A fresh random marker suffix: 24 hex digits. */
    public static String nonce() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The data block: {@code <data-NONCE>}, the quoted JSON, {@code </data-NONCE>}. */
    public static String wrap(String nonce, JsonNode value) {
        return "<data-" + nonce + ">\n" + quote(value) + "\n</data-" + nonce + ">";
    }

    /** JSON text in which no character of the content can form a tag. */
    public static String quote(JsonNode value) {
        return Json.MAPPER.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e");
    }

    /** The judge's JSON object, found even when wrapped in prose or a code fence. */
    public static Optional<JsonNode> parseReply(String reply) {
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(reply.substring(start, end + 1));
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A judge's reply on one line, cut to 120 characters, for error messages. */
    public static String abbreviate(String reply) {
        String flat = reply.replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }
}
