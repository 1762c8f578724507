package dev.probation.neural;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads {@link Tokenizer}s as Llama-style Hugging Face {@code tokenizer.json} files
 * (the layout of TinyLlama's, without its BOS post-processor). Reading accepts only that layout,
 * since encoding relies on it; anything else is a one-line error naming the file and the field.
 */
final class TokenizerJson {

    /** One entry a line, two-space indents, "\n" line ends on every platform: like HF's files, and byte-stable. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .defaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final JsonNode NORMALIZER = normalizer();
    private static final JsonNode DECODER = decoder();
    /** Hugging Face's form of {@link Tokenizer.WordSplit#IDENTIFIERS}: each name its own piece. */
    private static final JsonNode IDENTIFIER_SPLIT = identifierSplit();

    private TokenizerJson() {}

    private static JsonNode normalizer() {
        ObjectNode normalizer = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode steps = normalizer.putArray("normalizers");
        steps.addObject().put("type", "Prepend").put("prepend", Tokenizer.SPACE);
        ObjectNode replace = steps.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", Tokenizer.SPACE);
        return normalizer;
    }

    private static JsonNode identifierSplit() {
        ObjectNode split = JSON.createObjectNode().put("type", "Split");
        split.putObject("pattern").put("Regex", TextPieces.IDENTIFIER);
        return split.put("behavior", "Isolated").put("invert", false);
    }

    private static JsonNode decoder() {
        ObjectNode decoder = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode steps = decoder.putArray("decoders");
        ObjectNode replace = steps.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", Tokenizer.SPACE);
        replace.put("content", " ");
        steps.addObject().put("type", "ByteFallback");
        steps.addObject().put("type", "Fuse");
        steps.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        return decoder;
    }

    static void write(Tokenizer tokenizer, Path file) {
        ObjectNode root = JSON.createObjectNode().put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < Tokenizer.SPECIALS.length; i++) {
            added.addObject()
                    .put("id", Tokenizer.SPECIAL_IDS[i])
                    .put("content", Tokenizer.SPECIALS[i])
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        root.set("normalizer", NORMALIZER);
        if (tokenizer.split() == Tokenizer.WordSplit.IDENTIFIERS) {
            root.set("pre_tokenizer", IDENTIFIER_SPLIT);
        } else {
            root.putNull("pre_tokenizer"); // SentencePiece's cut before spaces needs none: no merge crosses it
        }
        root.putNull("post_processor"); // no BOS: our models are trained without one
        root.set("decoder", DECODER);
        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", Tokenizer.UNK);
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true).put("byte_fallback", true).put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            vocab.put(tokenizer.token(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        MergeTable table = tokenizer.merges();
        for (int rank = 0; rank < table.size(); rank++) {
            merges.add(tokenizer.token(table.left(rank)) + " " + tokenizer.token(table.right(rank)));
        }
        try {
            Files.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Tokenizer read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
        }
        return new Reader(file).tokenizer(root);
    }

    /** Reads one file, naming it and the field in every error. */
    private record Reader(Path file) {

        Tokenizer tokenizer(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw error("(root)", "expected a JSON object");
            }
            JsonNode model = object(root, "model", "model");
            expect(model, "model.type", "BPE");
            if (!model.path("byte_fallback").isBoolean() || !model.path("byte_fallback").booleanValue()) {
                throw error("model.byte_fallback", "must be true");
            }
            expect(model, "model.unk_token", Tokenizer.UNK);
            for (String absent : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
                if (!model.path(absent).isMissingNode() && !model.path(absent).isNull()) {
                    throw error("model." + absent, "must be null");
                }
            }
            if (!NORMALIZER.equals(root.get("normalizer"))) {
                throw error("normalizer", "must be Sequence[Prepend \"▁\", Replace \" \" -> \"▁\"] (the Llama layout)");
            }
            Tokenizer.WordSplit split = Tokenizer.WordSplit.SPACES;
            if (root.hasNonNull("pre_tokenizer")) {
                if (!IDENTIFIER_SPLIT.equals(root.get("pre_tokenizer"))) {
                    throw error("pre_tokenizer", "must be null (the Llama layout) or Split [\\p{L}\\p{N}_]+ Isolated");
                }
                split = Tokenizer.WordSplit.IDENTIFIERS;
            }
            if (!DECODER.equals(root.get("decoder"))) {
                throw error("decoder", "must be Sequence[Replace \"▁\" -> \" \", ByteFallback, Fuse, Strip] (the Llama layout)");
            }
            List<String> tokens = vocab(object(model, "vocab", "model.vocab"));
            checkAddedTokens(root.get("added_tokens"));
            return new Tokenizer(tokens, merges(model.get("merges"), tokens), split);
        }

        private List<String> vocab(JsonNode vocab) {
            String[] tokens = new String[vocab.size()];
            for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
                JsonNode id = entry.getValue();
                if (!id.isInt() || id.intValue() < 0 || id.intValue() >= tokens.length || tokens[id.intValue()] != null) {
                    throw error("model.vocab", "\"" + entry.getKey() + "\" has id " + id
                            + "; ids must be 0.." + (tokens.length - 1) + ", each once");
                }
                tokens[id.intValue()] = entry.getKey();
            }
            for (int id = 0; id < tokens.length; id++) {
                if (tokens[id] == null) {
                    throw error("model.vocab", "no token has id " + id + "; ids must be 0.." + (tokens.length - 1));
                }
            }
            List<String> reserved = Tokenizer.reservedTokens();
            for (int id = 0; id < reserved.size(); id++) {
                if (id >= tokens.length || !reserved.get(id).equals(tokens[id])) {
                    throw error("model.vocab", "id " + id + " must be \"" + reserved.get(id) + "\"");
                }
            }
            if (!List.of(tokens).contains(Tokenizer.SPACE)) {
                throw error("model.vocab", "has no \"▁\"");
            }
            for (int id = reserved.size(); id < tokens.length; id++) {
                String token = tokens[id];
                int marker = token.replaceFirst("^\u2581+", "").indexOf(Tokenizer.SPACE_CHAR);
                if (marker >= 0) {
                    throw error("model.vocab", "\"" + token + "\" has \"▁\" after another character;"
                            + " words are cut before \"▁\", so it could never be produced");
                }
            }
            return List.of(tokens);
        }

        private void checkAddedTokens(JsonNode added) {
            if (added == null || !added.isArray() || added.size() != Tokenizer.SPECIALS.length) {
                throw error("added_tokens", "must list the " + Tokenizer.SPECIALS.length + " special tokens");
            }
            for (int i = 0; i < added.size(); i++) {
                JsonNode token = added.get(i);
                String field = "added_tokens[" + i + "]";
                if (token.path("id").intValue(-1) != Tokenizer.SPECIAL_IDS[i]
                        || !Tokenizer.SPECIALS[i].equals(token.path("content").asString(null))
                        || !token.path("special").isBoolean() || !token.path("special").booleanValue()) {
                    throw error(field, "must be the special token \"" + Tokenizer.SPECIALS[i]
                            + "\" with id " + Tokenizer.SPECIAL_IDS[i]);
                }
                for (String flag : List.of("single_word", "lstrip", "rstrip", "normalized")) {
                    if (token.path(flag).asBoolean(false)) {
                        throw error(field + "." + flag, "must be false");
                    }
                }
            }
        }

        private List<int[]> merges(JsonNode merges, List<String> tokens) {
            if (merges == null || !merges.isArray()) {
                throw error("model.merges", "expected an array");
            }
            Map<String, Integer> ids = new java.util.HashMap<>();
            for (int id = 0; id < tokens.size(); id++) {
                ids.put(tokens.get(id), id);
            }
            List<int[]> table = new ArrayList<>();
            for (int rank = 0; rank < merges.size(); rank++) {
                JsonNode merge = merges.get(rank);
                String field = "model.merges[" + rank + "]";
                String[] parts = merge.isString() ? merge.stringValue().split(" ", -1)
                        : merge.isArray() && merge.size() == 2 ? new String[] {merge.get(0).asString(null), merge.get(1).asString(null)}
                        : new String[0];
                if (parts.length != 2 || parts[0] == null || parts[1] == null) {
                    throw error(field, "expected \"left right\" or [\"left\", \"right\"]");
                }
                Integer left = ids.get(parts[0]);
                Integer right = ids.get(parts[1]);
                Integer result = ids.get(parts[0] + parts[1]);
                if (left == null || right == null || result == null) {
                    throw error(field, "\"" + parts[0] + "\", \"" + parts[1] + "\" and their merge must all be in model.vocab");
                }
                table.add(new int[] {left, right, result});
            }
            return table;
        }

        private JsonNode object(JsonNode parent, String name, String field) {
            JsonNode node = parent.get(name);
            if (node == null || !node.isObject()) {
                throw error(field, "expected a JSON object");
            }
            return node;
        }

        private void expect(JsonNode node, String field, String value) {
            String name = field.substring(field.lastIndexOf('.') + 1);
            if (!value.equals(node.path(name).asString(null))) {
                throw error(field, "must be \"" + value + "\"");
            }
        }

        private IllegalArgumentException error(String field, String problem) {
            return new IllegalArgumentException(file + ": field " + field + ": " + problem);
        }
    }
}
