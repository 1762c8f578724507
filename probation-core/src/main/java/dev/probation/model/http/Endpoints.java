package dev.probation.model.http;

import dev.probation.model.ModelException;
import java.net.URI;

/** Turns a user's base URL into an API endpoint (internal: shared by the HTTP providers). */
public final class Endpoints {

    private Endpoints() {}

    /**
     * {@code base} without trailing slashes and without any of {@code strip} at its end (users paste
     * either the base or the full endpoint), followed by {@code path}.
     *
     * @throws ModelException of kind CONFIGURATION when the result is not an http(s) URL
     */
    public static URI resolve(String base, String path, String example, String... strip) {
        String trimmed = base.strip().replaceAll("/+$", "");
        for (String suffix : strip) {
            if (trimmed.endsWith(suffix)) {
                trimmed = trimmed.substring(0, trimmed.length() - suffix.length());
            }
        }
        try {
            URI uri = URI.create(trimmed + path);
            if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below, with an example of what works
        }
        throw new ModelException(ModelException.Kind.CONFIGURATION,
                "base URL '" + base + "' is not an http(s) URL like " + example);
    }
}
