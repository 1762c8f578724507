package dev.probation.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from what is recorded: the client's own key and the gateway's (as sent in
 * {@code Authorization}, {@code x-api-key} or {@code api-key}), wherever they appear, and anything
 * shaped like a known provider key or a bearer token. Upstreams echo keys in their 401 bodies
 * ("Incorrect API key provided: sk-..."), and clients paste them into prompts.
 *
 * <p>Bodies are scanned as ISO-8859-1, so every byte maps to one character and back: UTF-8
 * text around a match is kept byte for byte.
 */
final class Redactor {

    static final String MARK = "[redacted]";
    /** Provider key shapes, whose recognisable prefix is kept, and bearer tokens. */
    private static final Pattern SHAPES = Pattern.compile(
            "\\b(sk-ant-|sk-proj-|sk-or-|sk-|gsk_|xai-|hf_|AIza)[A-Za-z0-9_\\-]{16,}"
                    + "|\\b([Bb]earer\\s+)(?=[A-Za-z_.~+/\\-]*[0-9])[A-Za-z0-9_.~+/\\-]{8,}=*");
    /** Cheap checks that spare the regular expression on bodies without any key-like text. */
    private static final List<String> HINTS = List.of("sk-", "gsk_", "xai-", "hf_", "AIza", "earer");
    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key", "api-key");
    /** Shorter values are not searched for literally: they would match ordinary text. */
    private static final int MIN_SECRET = 8;

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Redacts key shapes and the credentials in these request headers, plus {@code gatewayKey} (may be null). */
    static Redactor of(Map<String, List<String>> headers, String gatewayKey) {
        List<String> secrets = new ArrayList<>();
        headers.forEach((name, values) -> {
            if (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : values) {
                    String strip = value.strip();
                    int space = strip.indexOf(' ');
                    add(secrets, space > 0 ? strip.substring(space + 1).strip() : strip); // "Bearer <key>", "Basic <creds>"
                    add(secrets, strip);
                }
            }
        });
        add(secrets, gatewayKey);
        // Longest first, so that a key that contains another is replaced whole.
        secrets.sort((a, b) -> b.length() - a.length());
        return new Redactor(List.copyOf(secrets));
    }

    private static void add(List<String> secrets, String secret) {
        if (secret != null && secret.length() >= MIN_SECRET && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }

    /** The capture with credentials removed from its bodies, error and tag. */
    Capture apply(Capture c) {
        return new Capture(c.id(), c.kind(), c.shadowOf(), c.startedAt(), c.durationNanos(), c.upstreamNanos(), c.status(),
                c.contentType(), text(c.clientTag()), c.path(), bytes(c.request()), bytes(c.response()), text(c.error()));
    }

    byte[] bytes(byte[] body) {
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        String redacted = text(latin);
        return redacted == latin ? body : redacted.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The text with credentials replaced; the same instance when there were none. */
    String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = shapes(text);
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MARK);
            }
        }
        return result;
    }

    /** Key shapes first, so that a known prefix stays readable ("sk-proj-[redacted]"). */
    private static String shapes(String text) {
        if (HINTS.stream().noneMatch(text::contains)) {
            return text;
        }
        Matcher matcher = SHAPES.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String keep = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            matcher.appendReplacement(out, Matcher.quoteReplacement(keep + MARK));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
