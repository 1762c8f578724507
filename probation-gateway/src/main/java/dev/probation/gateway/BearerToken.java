package dev.probation.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A secret that callers present as {@code Authorization: Bearer <token>}, compared in constant time. */
final class BearerToken {

    private final byte[] expected;

    BearerToken(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether an {@code Authorization} header value (or null) carries this token. */
    boolean matches(String header) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
    }
}
