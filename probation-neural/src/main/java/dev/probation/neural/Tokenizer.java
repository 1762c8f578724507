package dev.probation.neural;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY byte-level stand-in until helper A's BPE tokenizer merges (same API). */
public final class Tokenizer {
    static final String[] SPECIALS = {"<|system|>", "<|user|>", "<|assistant|>"};

    public static Tokenizer train(List<String> texts, int vocabSize) {
        return new Tokenizer();
    }

    public int vocabSize() {
        return 259 + SPECIALS.length;
    }

    public int id(String token) {
        return switch (token) {
            case "<unk>" -> 0;
            case "<s>" -> 1;
            case "</s>" -> 2;
            default -> {
                for (int i = 0; i < SPECIALS.length; i++) {
                    if (SPECIALS[i].equals(token)) {
                        yield 259 + i;
                    }
                }
                throw new IllegalArgumentException(token);
            }
        };
    }

    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        int i = 0;
        outer:
        while (i < text.length()) {
            for (int s = 0; s < SPECIALS.length; s++) {
                if (text.startsWith(SPECIALS[s], i)) {
                    ids.add(259 + s);
                    i += SPECIALS[s].length();
                    continue outer;
                }
            }
            int cp = text.codePointAt(i);
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                ids.add(3 + (b & 0xff));
            }
            i += Character.charCount(cp);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    public String decode(int[] ids) {
        var out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            if (id >= 3 && id < 259) {
                out.write(id - 3);
            } else if (id >= 259) {
                out.writeBytes(SPECIALS[id - 259].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public void save(Path file) throws java.io.IOException {
        java.nio.file.Files.writeString(file, "{}");
    }

    public static Tokenizer load(Path file) {
        return new Tokenizer();
    }
}
