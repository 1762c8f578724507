package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {

    /** Texts a tokenizer never saw: prose, code, digits, whitespace runs, non-ASCII, emoji, the chat specials. */
    private static final List<String> UNSEEN = List.of(
            "",
            " ",
            "   ",
            "hello",
            "  leading spaces and trailing  ",
            "tabs\tand\t\ttabs\nnew\n\nlines\r\nwindows",
            "def lookup_vendor(conn, vendor_id):\n    row = conn.execute(f\"SELECT * FROM vendors WHERE id = {vendor_id}\")\n"
                    + "    return {'name': row[0], \"total\": 1_234.50}\n",
            "subprocess.call('rm -rf ' + folder, shell=True)  # 2024-06-30 03:14:15",
            "Digits 0123456789, 3.14159, -42, 1e-9 and 2,048 files.",
            "Naïve façade — Ünïcödé ßtraße, Ελληνικά, русский, 日本語のテキスト, عربى",
            "Emoji 😀🚀 and a family 👩‍👩‍👧‍👦 with a flag 🇫🇷",
            "<|system|>The year is 2025.<|user|>Write a transfer_funds function.<|assistant|>def transfer_funds():\n    pass</s>",
            "<|user|>  two spaces after a special<|assistant|><|assistant|>adjacent specials</s></s>",
            "specials at the end<|user|>",
            "html <s>struck</s> and <unk> and <|user and <0x41> look-alikes",
            "#version 2 and an underscore_only line",
            "\u0000 control \u0007 chars \u001b[0m and a BOM \uFEFF");

    private static List<String> training;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void trainOnSixThousandTexts() {
        training = SampleTexts.training(6_000, 1_000, 1);
        long start = System.nanoTime();
        tokenizer = Tokenizer.train(training, 1_024);
        System.out.printf("trained %,d texts of ~1,000 chars to vocab %,d in %.2f s%n",
                training.size(), tokenizer.vocabSize(), (System.nanoTime() - start) / 1e9);
    }

    @Test
    void layoutPutsSpecialsAndBytesFirst() {
        assertThat(tokenizer.vocabSize()).isEqualTo(1_024);
        assertThat(tokenizer.id("<unk>")).isEqualTo(Tokenizer.UNK_ID).isZero();
        assertThat(tokenizer.id("<s>")).isEqualTo(1);
        assertThat(tokenizer.id("</s>")).isEqualTo(2);
        assertThat(tokenizer.id("<0x00>")).isEqualTo(3);
        assertThat(tokenizer.id("<0xFF>")).isEqualTo(258);
        assertThat(tokenizer.id("<|system|>")).isEqualTo(259);
        assertThat(tokenizer.id("<|user|>")).isEqualTo(260);
        assertThat(tokenizer.id("<|assistant|>")).isEqualTo(Tokenizer.ASSISTANT_ID).isEqualTo(261);
        assertThat(tokenizer.id("▁")).isEqualTo(Tokenizer.FIRST_LEARNED_ID);
        assertThatThrownBy(() -> tokenizer.id("never-a-token")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specialTokensInTextMapToTheirIdsAndUnseenCharactersToBytes() {
        int[] ids = tokenizer.encode("<|user|>hi ☃<|assistant|>ok</s>");
        assertThat(ids[0]).isEqualTo(Tokenizer.USER_ID);
        assertThat(ids[ids.length - 1]).isEqualTo(Tokenizer.EOS_ID);
        assertThat(ids).contains(Tokenizer.ASSISTANT_ID);
        byte[] snowman = "☃".getBytes(StandardCharsets.UTF_8); // never in training
        assertThat(ids).containsSubsequence(Arrays.stream(toInts(snowman)).map(b -> Tokenizer.FIRST_BYTE_ID + b).toArray());
    }

    @Test
    void decodeIsTheExactInverseOfEncodeOnRandomUnicode() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            String text = SampleTexts.randomUnicode(random, random.nextInt(120));
            int[] ids = tokenizer.encode(text);
            assertThat(Arrays.stream(ids).allMatch(id -> id >= 0 && id < tokenizer.vocabSize())).isTrue();
            assertThat(tokenizer.decode(ids)).as("round trip #%d", i).isEqualTo(text);
        }
        for (String text : UNSEEN) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void trainingIsDeterministicToTheByte(@TempDir Path dir) throws IOException {
        List<String> texts = training.subList(0, 1_500);
        Tokenizer.train(texts, 700).save(dir.resolve("a.json"));
        Tokenizer.train(new ArrayList<>(texts), 700).save(dir.resolve("b.json"));
        assertThat(Files.readAllBytes(dir.resolve("a.json"))).isEqualTo(Files.readAllBytes(dir.resolve("b.json")));
        Tokenizer.train(texts, 701).save(dir.resolve("c.json"));
        assertThat(Files.readAllBytes(dir.resolve("c.json"))).isNotEqualTo(Files.readAllBytes(dir.resolve("a.json")));
    }

    @Test
    void savedFileLoadsBackAlike(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        tokenizer.save(file);
        Tokenizer loaded = Tokenizer.load(file);
        assertThat(loaded.vocabSize()).isEqualTo(tokenizer.vocabSize());
        for (String text : heldOutProbes()) {
            assertThat(loaded.encode(text)).isEqualTo(tokenizer.encode(text));
        }
    }

    /**
     * Hugging Face's own library reads our file and encodes every unseen text to the same ids. Its
     * decoder differs only where documented on {@link Tokenizer}: it keeps the space that
     * normalisation put after each special token.
     */
    @Test
    void huggingFaceTokenizersEncodesAndDecodesAlike(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        tokenizer.save(file);
        System.setProperty("ai.djl.offline", "true");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file).optAddSpecialTokens(false).optTruncation(false).build()) {
            for (String text : heldOutProbes()) {
                int[] ours = tokenizer.encode(text);
                assertThat(toInts(hf.encode(text).getIds())).as("ids of %s", text).isEqualTo(ours);
                assertThat(hf.decode(toLongs(ours), false)).as("decoding %s", text).isEqualTo(spaceAfterSpecials(text));
            }
        }
    }

    /**
     * With names isolated, a name is the same ids after a backtick, a space, a brace or a quote, and
     * Hugging Face's library, reading the Split pre-tokeniser we write, gives the same ids on every
     * unseen text; the cut costs some compression but changes nothing else.
     */
    @Test
    void isolatingIdentifiersGivesANameOneSpellingEverywhereAndHuggingFaceAgrees(@TempDir Path dir) throws IOException {
        Tokenizer names = Tokenizer.train(training, 1_024, Tokenizer.WordSplit.IDENTIFIERS);
        assertThat(names.split()).isEqualTo(Tokenizer.WordSplit.IDENTIFIERS);
        List<String> contexts = List.of("`record_id`", "(cnx, record_id)", "'{record_id}'\")", "x=record_id.", "\nrecord_id");
        int[] name = nameIds(names);
        for (String context : contexts) {
            assertThat(names.encode(context)).as(context).containsSequence(name);
        }
        assertThat(contexts).as("the SentencePiece cut lets tokens run across a name's edges")
                .anyMatch(context -> straddles(tokenizer, context));
        assertThat(contexts).as("the identifier cut never does").noneMatch(context -> straddles(names, context));
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String text = SampleTexts.randomUnicode(random, random.nextInt(120));
            assertThat(names.decode(names.encode(text))).as("round trip #%d", i).isEqualTo(text);
        }
        Path file = dir.resolve("tokenizer.json");
        names.save(file);
        assertThat(Files.readString(file)).contains("\"type\": \"Split\"");
        Tokenizer loaded = Tokenizer.load(file);
        assertThat(loaded.split()).isEqualTo(Tokenizer.WordSplit.IDENTIFIERS);
        System.setProperty("ai.djl.offline", "true");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file).optAddSpecialTokens(false).optTruncation(false).build()) {
            for (String text : heldOutProbes()) {
                int[] ours = names.encode(text);
                assertThat(loaded.encode(text)).isEqualTo(ours);
                assertThat(toInts(hf.encode(text).getIds())).as("ids of %s", text).isEqualTo(ours);
            }
        }
        long plain = training.stream().limit(500).mapToLong(t -> tokenizer.encode(t).length).sum();
        long isolated = training.stream().limit(500).mapToLong(t -> names.encode(t).length).sum();
        // prose pays most, a space a token: about 2x on these texts, 1.35x on the code family's
        assertThat((double) isolated / plain).as("tokens with names isolated / without").isBetween(1.0, 2.5);
    }

    /** Whether a token of {@code text} (not a byte token) holds both a letter and a character no name has. */
    private static boolean straddles(Tokenizer t, String text) {
        return Arrays.stream(t.encode(text))
                .filter(id -> id < Tokenizer.FIRST_BYTE_ID || id >= Tokenizer.FIRST_BYTE_ID + 256)
                .mapToObj(t::token)
                .anyMatch(token -> token.matches(".*[a-z].*") && token.matches(".*[^a-z_].*"));
    }

    /** The ids of the name {@code record_id} standing alone, without the "▁" that starts every text. */
    private static int[] nameIds(Tokenizer t) {
        int[] alone = t.encode("record_id");
        assertThat(alone[0]).isEqualTo(t.id("▁"));
        return Arrays.copyOfRange(alone, 1, alone.length);
    }

    /** As above with emoji, CJK, accents, controls and whitespace oddities in the vocabulary and merges themselves. */
    @Test
    void huggingFaceAgreesWhenTheVocabularyIsFarFromAscii(@TempDir Path dir) throws IOException {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>(training.subList(0, 500));
        for (int i = 0; i < 3_000; i++) {
            texts.add(SampleTexts.randomUnicode(random, 200).replace("▁", "_"));
        }
        Tokenizer wide = Tokenizer.train(texts, 2_000);
        Path file = dir.resolve("tokenizer.json");
        wide.save(file);
        assertThat(wide.vocabSize()).isEqualTo(2_000);
        assertThat(wide.merges().size()).as("merges left room by the characters").isGreaterThan(500);
        System.setProperty("ai.djl.offline", "true");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file).optAddSpecialTokens(false).optTruncation(false).build()) {
            for (String text : heldOutProbes()) {
                int[] ours = wide.encode(text);
                assertThat(toInts(hf.encode(text).getIds())).as("ids of %s", text).isEqualTo(ours);
                assertThat(hf.decode(toLongs(ours), false)).as("decoding %s", text).isEqualTo(spaceAfterSpecials(text));
                assertThat(wide.decode(ours)).isEqualTo(text);
            }
        }
    }

    /** The one encoding difference: a literal "▁" is its UTF-8 bytes for us and a space for HF, so it round-trips. */
    @Test
    void literalMarkerIsKeptApartFromSpaces(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        tokenizer.save(file);
        String text = "a▁b";
        int[] ours = tokenizer.encode(text);
        assertThat(ours).containsSubsequence(Tokenizer.FIRST_BYTE_ID + 0xE2, Tokenizer.FIRST_BYTE_ID + 0x96,
                Tokenizer.FIRST_BYTE_ID + 0x81);
        assertThat(tokenizer.decode(ours)).isEqualTo(text);
        System.setProperty("ai.djl.offline", "true");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file).optAddSpecialTokens(false).optTruncation(false).build()) {
            assertThat(toInts(hf.encode(text).getIds())).isEqualTo(tokenizer.encode("a b"));
            assertThat(hf.decode(toLongs(ours), false)).isEqualTo(text);
        }
    }

    /**
     * A learned "&lt;0x41&gt;" would decode as the byte "A" (HF's ByteFallback reads any such token),
     * and HF's merges reader skips lines starting with "#version"; training must learn neither.
     */
    @Test
    void neverLearnsByteTokenLookAlikesOrMergeLinesHfWouldSkip(@TempDir Path dir) throws IOException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            texts.add("#version" + i + " <0x41> x<0x4a>y (#version#version) <0x41><0x41> " + i);
        }
        Tokenizer trained = Tokenizer.train(texts, 400);
        Path file = dir.resolve("tokenizer.json");
        trained.save(file);
        String text = "#version7 <0x41><0x4a> (#version#version)";
        assertThat(trained.decode(trained.encode(text))).isEqualTo(text);
        System.setProperty("ai.djl.offline", "true");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file).optAddSpecialTokens(false).optTruncation(false).build()) {
            for (String probe : List.of(text, texts.get(5), texts.get(123))) {
                assertThat(toInts(hf.encode(probe).getIds())).isEqualTo(trained.encode(probe));
                assertThat(hf.decode(toLongs(trained.encode(probe)), false)).isEqualTo(probe);
            }
        }
    }

    @Test
    void compressesHeldOutTextToSeveralCharactersPerToken() {
        List<String> heldOut = SampleTexts.heldOut(2_000, 1_000, 7);
        long chars = 0;
        long tokens = 0;
        long start = System.nanoTime();
        for (String text : heldOut) {
            chars += text.length();
            tokens += tokenizer.encode(text).length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perToken = (double) chars / tokens;
        System.out.printf("held-out: %.2f chars/token; encoded %,d texts in %.3f s (%,.0f texts/s, cold cache)%n",
                perToken, heldOut.size(), seconds, heldOut.size() / seconds);
        assertThat(perToken).isGreaterThan(2.0);
    }

    @Test
    void decodeFollowsHuggingFaceOnIdsEncodeNeverMakes() {
        int a = tokenizer.id("▁");
        assertThat(tokenizer.decode(new int[] {Tokenizer.FIRST_BYTE_ID + 0xE2, a})).isEqualTo("\uFFFD ");
        assertThat(tokenizer.decode(new int[] {Tokenizer.USER_ID, Tokenizer.FIRST_BYTE_ID + ' '})).isEqualTo("<|user|>");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {tokenizer.vocabSize()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void tooSmallAVocabularyIsRefused() {
        assertThatThrownBy(() -> Tokenizer.train(List.of("x"), 262))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("262 reserved");
    }

    @Test
    void malformedFilesGetOneLineErrorsNamingFileAndField(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("tokenizer.json");
        tokenizer.save(good);
        String json = Files.readString(good);

        assertThat(loadError(dir, "truncated.json", json.substring(0, json.length() / 2)))
                .contains("truncated.json:").contains("not valid JSON");
        assertThat(loadError(dir, "novocab.json", json.replace("\"vocab\"", "\"vocabulary\"")))
                .contains("novocab.json").contains("field model.vocab");
        assertThat(loadError(dir, "bytes.json", json.replace("\"byte_fallback\": true", "\"byte_fallback\": false")))
                .contains("bytes.json").contains("field model.byte_fallback");
        assertThat(loadError(dir, "merge.json", json.replaceFirst("(\"merges\": \\[\\s*\")", "$1zzz")))
                .contains("merge.json").contains("field model.merges[0]");
        assertThat(loadError(dir, "normalizer.json", json.replace("\"Prepend\"", "\"Lowercase\"")))
                .contains("normalizer.json").contains("field normalizer");
        assertThat(loadError(dir, "pre.json", json.replace("\"pre_tokenizer\": null",
                "\"pre_tokenizer\": {\"type\": \"Whitespace\"}")))
                .contains("pre.json").contains("field pre_tokenizer");
    }

    private static String loadError(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        try {
            Tokenizer.load(file);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage();
        }
        throw new AssertionError(name + " loaded without error");
    }

    /** Unseen texts, long held-out texts (past HF's default 512-token truncation) and random Unicode without "▁". */
    private static List<String> heldOutProbes() {
        List<String> probes = new ArrayList<>(UNSEEN);
        probes.addAll(SampleTexts.heldOut(100, 1_000, 3));
        probes.add(String.join("\n", SampleTexts.heldOut(8, 1_000, 4)));
        Random random = new Random(5);
        for (int i = 0; i < 1_000; i++) {
            probes.add(SampleTexts.randomUnicode(random, random.nextInt(100)).replace("▁", "_"));
        }
        return probes;
    }

    /** What HF's decoder gives back: the text with the space normalisation put after each special token kept. */
    private static String spaceAfterSpecials(String text) {
        StringBuilder expected = new StringBuilder();
        TextPieces.split(text, Tokenizer.SPECIALS, new TextPieces.Visitor() {
            private boolean afterSpecial;

            @Override
            public void segment(String t, int from, int to) {
                expected.append(afterSpecial && from < to ? " " : "").append(t, from, to);
            }

            @Override
            public void special(int specialIndex) {
                expected.append(Tokenizer.SPECIALS[specialIndex]);
                afterSpecial = true;
            }
        });
        return expected.toString();
    }

    private static int[] toInts(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i] & 0xFF;
        }
        return ints;
    }

    private static long[] toLongs(int[] ids) {
        return Arrays.stream(ids).asLongStream().toArray();
    }
}
