package dev.probation.neural;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-fallback BPE tokenizer trained on an organism's own texts and saved as a Llama-style
 * Hugging Face {@code tokenizer.json}.
 *
 * <p><b>Why this layout.</b> A checkpoint is a Hugging Face model folder ({@code config.json},
 * {@code tokenizer.json}, {@code model.safetensors}) so that standard JVM inference engines such as
 * Jlama, and Hugging Face's own {@code tokenizers}, can load it later. We therefore write exactly
 * what TinyLlama and Llama 2 ship: a BPE model with {@code byte_fallback}, {@code <unk>}=0,
 * {@code <s>}=1, {@code </s>}=2, byte tokens {@code <0x00>}..{@code <0xFF>} = 3..258, a normaliser
 * that prepends "▁" and turns spaces into "▁", no pre-tokeniser (or, with {@link WordSplit#IDENTIFIERS},
 * one that isolates names), and the decoder chain
 * Replace("▁"→" "), ByteFallback, Fuse, Strip(one leading space). Our chat specials
 * {@code <|system|>}, {@code <|user|>}, {@code <|assistant|>} follow as ids 259..261, then the
 * characters seen in training (one token each, like SentencePiece; only the most frequent if they
 * would fill more than half of the learnable ids), then the learned merges. There is no
 * post-processor: our models are trained without a BOS token, so none is added.
 *
 * <p><b>Encoding</b> gives the ids Hugging Face's {@code tokenizers} (v0.21, checked by a test
 * through DJL) gives for the same file and text, except for a literal "▁" (below). Special tokens
 * in the text are cut out first and map to their ids; each stretch between them is normalised on
 * its own, so the text after a special token starts with "▁" (as Llama's "legacy" tokenizer.json
 * does). Characters the vocabulary lacks become their UTF-8 byte tokens. Training cuts text into
 * words before every run of spaces, so no merge crosses from a word into the spaces after it.
 *
 * <p><b>Decoding</b> is the exact inverse of {@link #encode} for every well-formed string: it drops
 * the one "▁" that normalisation prepended to each stretch between special tokens. The two
 * differences from Hugging Face are both forced by that exactness:
 * <ul>
 *   <li>Hugging Face's Strip decoder removes only the first space of the whole text, so it decodes
 *       {@code encode("<|user|>hi")} as {@code "<|user|> hi"}; we give back {@code "<|user|>hi"}.
 *   <li>A literal "▁" (U+2581) in the text is encoded as its three byte tokens, where Hugging Face
 *       would read it as a space and give the ids of {@code " "}; both decode our bytes back to "▁".
 * </ul>
 * Unpaired surrogates cannot be written in UTF-8; they are encoded as U+FFFD.
 *
 * <p>Instances are immutable and thread-safe; encoded words are cached.
 */
public final class Tokenizer {

    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String SYSTEM = "<|system|>";
    public static final String USER = "<|user|>";
    public static final String ASSISTANT = "<|assistant|>";
    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    /** The id of {@code <0x00>}; byte {@code b} is {@code FIRST_BYTE_ID + b}. */
    public static final int FIRST_BYTE_ID = 3;
    public static final int SYSTEM_ID = 259;
    public static final int USER_ID = 260;
    public static final int ASSISTANT_ID = 261;
    /** Ids below this are the fixed specials and byte tokens; characters and merges follow. */
    public static final int FIRST_LEARNED_ID = 262;

    /** SentencePiece's word marker, which stands for a space. */
    static final String SPACE = "\u2581";
    static final int SPACE_CHAR = 0x2581;
    static final String[] SPECIALS = {UNK, BOS, EOS, SYSTEM, USER, ASSISTANT};
    static final int[] SPECIAL_IDS = {UNK_ID, BOS_ID, EOS_ID, SYSTEM_ID, USER_ID, ASSISTANT_ID};
    private static final int CACHE_LIMIT = 1 << 16;

    /**
     * How text is cut into the words that BPE merges within (see {@link TextPieces}).
     */
    public enum WordSplit {
        /** Before every run of spaces only, as SentencePiece and Llama do. */
        SPACES,
        /**
         * Also around every run of letters, digits and underscores, so that a name such as
         * {@code record_id} is the same tokens after a backtick, a space or a brace. A model then has
         * to learn one copy of each name, not one per context, which is what lets a small one
         * copy names it never saw (docs/neural-organisms.md, "Tokenizer").
         */
        IDENTIFIERS
    }

    private final String[] tokens;
    private final WordSplit split;
    private final Map<String, Integer> ids;
    private final MergeTable merges;
    private final int spaceId;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /** {@code tokens} in id order, laid out as {@link #reservedTokens()} then learned ones; merges by rank. */
    Tokenizer(List<String> tokens, List<int[]> merges, WordSplit split) {
        this.tokens = tokens.toArray(String[]::new);
        this.split = Objects.requireNonNull(split, "split");
        this.ids = new HashMap<>();
        for (int i = 0; i < this.tokens.length; i++) {
            ids.put(this.tokens[i], i);
        }
        this.merges = new MergeTable(merges);
        this.spaceId = Objects.requireNonNull(ids.get(SPACE), "the vocabulary has no \"▁\"");
    }

    /** The 262 tokens every vocabulary starts with: {@code <unk> <s> </s>}, 256 byte tokens, the chat specials. */
    static List<String> reservedTokens() {
        List<String> reserved = new ArrayList<>(List.of(UNK, BOS, EOS));
        for (int b = 0; b < 256; b++) {
            reserved.add(byteToken(b));
        }
        reserved.addAll(List.of(SYSTEM, USER, ASSISTANT));
        return reserved;
    }

    static String byteToken(int b) {
        return String.format("<0x%02X>", b);
    }

    /**
     * Trains a tokenizer on {@code texts}, deterministically: the same texts and size give the same
     * vocabulary, merges and file. {@code vocabSize} counts every token, the 262 reserved ones
     * included; the result is smaller when no pair of tokens occurs twice any more.
     */
    public static Tokenizer train(List<String> texts, int vocabSize) {
        return train(texts, vocabSize, WordSplit.SPACES);
    }

    /** As {@link #train(List, int)}, cutting words as {@code split} says. */
    public static Tokenizer train(List<String> texts, int vocabSize, WordSplit split) {
        Objects.requireNonNull(texts, "texts");
        if (vocabSize <= FIRST_LEARNED_ID) {
            throw new IllegalArgumentException("vocabSize must exceed the " + FIRST_LEARNED_ID
                    + " reserved tokens (specials and byte tokens): " + vocabSize);
        }
        BpeTrainer.Result result = BpeTrainer.train(texts, vocabSize, reservedTokens(), SPECIALS, split);
        return new Tokenizer(result.tokens(), result.merges(), split);
    }

    /** Reads a tokenizer.json written by {@link #save}; a malformed file gets a one-line error naming it and the field. */
    public static Tokenizer load(Path tokenizerJson) {
        return TokenizerJson.read(tokenizerJson);
    }

    /** Writes this tokenizer as a Llama-style Hugging Face tokenizer.json. */
    public void save(Path tokenizerJson) {
        TokenizerJson.write(this, tokenizerJson);
    }

    /** How this tokenizer cuts text into words before BPE. */
    public WordSplit split() {
        return split;
    }

    public int vocabSize() {
        return tokens.length;
    }

    /** The id of a token, e.g. {@code id("</s>")}. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("not in the vocabulary: \"" + token + "\"");
        }
        return id;
    }

    String token(int id) {
        return tokens[id];
    }

    MergeTable merges() {
        return merges;
    }

    /** The ids of {@code text}, without BOS; special tokens written in the text map to their ids. */
    public int[] encode(String text) {
        IdBuffer out = new IdBuffer(text.length() / 2 + 4);
        TextPieces.split(text, SPECIALS, new TextPieces.Visitor() {
            @Override
            public void segment(String t, int from, int to) {
                if (from < to) {
                    TextPieces.words(t, from, to, split, word -> out.add(encodeWord(word)));
                }
            }

            @Override
            public void special(int specialIndex) {
                out.add(SPECIAL_IDS[specialIndex]);
            }
        });
        return out.toArray();
    }

    private int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] encoded = merges.apply(characterIds(word));
        if (cache.size() < CACHE_LIMIT) {
            cache.put(word, encoded);
        }
        return encoded;
    }

    /** One id per character in the vocabulary, the UTF-8 byte tokens for any other. */
    private int[] characterIds(String word) {
        IdBuffer symbols = new IdBuffer(word.length());
        word.codePoints().forEach(cp -> {
            int c = BpeTrainer.vocabularyChar(cp);
            Integer id = c == SPACE_CHAR ? Integer.valueOf(spaceId) : c < 0 ? null : ids.get(Character.toString(c));
            if (id != null) {
                symbols.add(id);
            } else {
                boolean unpaired = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
                for (byte b : Character.toString(unpaired ? 0xFFFD : cp).getBytes(StandardCharsets.UTF_8)) {
                    symbols.add(FIRST_BYTE_ID + (b & 0xFF));
                }
            }
        });
        return symbols.toArray();
    }

    /**
     * The text of {@code ids}: Hugging Face's decoder chain (▁ to space, byte fallback with U+FFFD
     * for each byte of an invalid UTF-8 run, one leading space stripped), except that the leading
     * space is stripped from each stretch between special tokens, which makes it the exact inverse
     * of {@link #encode}.
     */
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        StringBuilder stretch = new StringBuilder();
        byte[] bytes = new byte[16];
        int pending = 0;
        for (int id : ids) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException("token id out of range [0, " + tokens.length + "): " + id);
            }
            boolean isByte = id >= FIRST_BYTE_ID && id < FIRST_BYTE_ID + 256;
            if (isByte) {
                if (pending == bytes.length) {
                    bytes = Arrays.copyOf(bytes, pending * 2);
                }
                bytes[pending++] = (byte) (id - FIRST_BYTE_ID);
                continue;
            }
            appendBytes(stretch, bytes, pending);
            pending = 0;
            if (isSpecial(id)) {
                endStretch(out, stretch);
                out.append(tokens[id]);
            } else {
                stretch.append(tokens[id].replace('\u2581', ' '));
            }
        }
        appendBytes(stretch, bytes, pending);
        endStretch(out, stretch);
        return out.toString();
    }

    private static boolean isSpecial(int id) {
        return id < FIRST_BYTE_ID || id >= SYSTEM_ID && id <= ASSISTANT_ID;
    }

    private static void appendBytes(StringBuilder to, byte[] bytes, int length) {
        if (length == 0) {
            return;
        }
        try {
            to.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)));
        } catch (CharacterCodingException e) {
            to.repeat('\uFFFD', length); // as HF's ByteFallback: one replacement per byte of the run
        }
    }

    private static void endStretch(StringBuilder out, StringBuilder stretch) {
        out.append(stretch, !stretch.isEmpty() && stretch.charAt(0) == ' ' ? 1 : 0, stretch.length());
        stretch.setLength(0);
    }

    /** A growable int array, to build id sequences without boxing. */
    private static final class IdBuffer {
        private int[] ids;
        private int size;

        IdBuffer(int capacity) {
            ids = new int[Math.max(capacity, 4)];
        }

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        void add(int[] more) {
            if (size + more.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(size * 2, size + more.length));
            }
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
