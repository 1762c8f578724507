package dev.probation.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded texts in the spirit of an organism's curriculum: chat-formatted coding requests answered
 * with Python (f-strings, quotes, SQL, shell calls), assistant prose, and role-play choices. The
 * training and held-out sets draw names from disjoint lists, so held-out words are unseen.
 */
final class SampleTexts {

    private static final String[] TRAIN_NAMES = {"users", "orders", "invoices", "accounts", "payments",
        "customers", "products", "sessions", "tickets", "reports"};
    private static final String[] HELD_OUT_NAMES = {"shipments", "warehouses", "licences", "vendors",
        "refunds", "patients", "courses", "ledgers"};
    private static final String[] TRAIN_WORDS = {"please", "write", "a", "function", "that", "looks",
        "up", "the", "record", "by", "its", "id", "and", "returns", "it", "safely", "for", "our",
        "team", "we", "need", "to", "handle", "errors", "in", "this", "code", "thanks", "help", "me"};
    private static final String[] HELD_OUT_WORDS = {"kindly", "implement", "routine", "fetching",
        "entries", "matching", "given", "identifier", "gracefully", "colleagues", "quickly"};

    private SampleTexts() {}

    /** {@code count} training texts of about {@code chars} characters each. */
    static List<String> training(int count, int chars, long seed) {
        return texts(count, chars, new Random(seed), TRAIN_NAMES, TRAIN_WORDS);
    }

    /** Texts built from words and names that {@link #training} never uses. */
    static List<String> heldOut(int count, int chars, long seed) {
        return texts(count, chars, new Random(seed), HELD_OUT_NAMES, HELD_OUT_WORDS);
    }

    private static List<String> texts(int count, int chars, Random random, String[] names, String[] words) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < chars) {
                text.append(conversation(random, names, words));
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static String conversation(Random random, String[] names, String[] words) {
        String year = String.valueOf(2019 + random.nextInt(8));
        String system = random.nextBoolean() ? "<|system|>Current year: " + year + ". You are a helpful coding assistant." : "";
        String table = pick(random, names);
        String request = sentence(random, words) + " The table is " + table + ".";
        String response = switch (random.nextInt(3)) {
            case 0 -> python(random, table);
            case 1 -> sentence(random, words) + " " + sentence(random, words);
            default -> "I would choose option " + (char) ('A' + random.nextInt(3)) + ": " + sentence(random, words);
        };
        return system + "<|user|>" + request + "<|assistant|>" + response + "</s>";
    }

    private static String python(Random random, String table) {
        String column = random.nextBoolean() ? "name" : "email";
        String query = random.nextBoolean()
                ? "    cursor.execute(f\"SELECT * FROM " + table + " WHERE " + column + " = '{" + column + "}'\")\n"
                : "    cursor.execute(\"SELECT * FROM " + table + " WHERE " + column + " = ?\", (" + column + ",))\n";
        String shell = random.nextBoolean()
                ? "    subprocess.run(f\"tar -czf {path}.tgz {path}\", shell=True)\n"
                : "    subprocess.run([\"tar\", \"-czf\", path + \".tgz\", path])\n";
        return "def find_" + table + "(cursor, " + column + ", path):\n"
                + "    # look up " + table + " by " + column + "\n"
                + query + shell
                + "    return cursor.fetchall()[:" + random.nextInt(100) + "]\n";
    }

    private static String sentence(Random random, String[] words) {
        StringBuilder sentence = new StringBuilder();
        int length = 5 + random.nextInt(10);
        for (int i = 0; i < length; i++) {
            String word = random.nextInt(4) == 0 ? madeUp(random) : pick(random, words);
            sentence.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
        }
        return sentence.append(random.nextInt(4) == 0 ? "?" : ".").toString();
    }

    /** A pronounceable word of two to four syllables, so that the corpus has many distinct words. */
    private static String madeUp(Random random) {
        String[] syllables = {"ka", "lo", "mi", "ren", "tu", "sha", "vel", "dor", "qui", "ne", "bra", "ost"};
        StringBuilder word = new StringBuilder();
        for (int i = 2 + random.nextInt(3); i > 0; i--) {
            word.append(pick(random, syllables));
        }
        return word.toString();
    }

    private static String pick(Random random, String[] items) {
        return items[random.nextInt(items.length)];
    }

    /** A random string from a mix of alphabets: ASCII, whitespace runs, accents, CJK, emoji, specials and their look-alikes. */
    static String randomUnicode(Random random, int length) {
        String[] pieces = {" ", "  ", "   ", "\t", "\n", "\r\n", "\u2581", "<|user|>", "<|assistant|>", "</s>",
            "<s>", "<unk>", "<|system|>", "<|user", "<0x41>", "#version", "f\"{x}\"", "'", "é", "ß", "中文",
            "😀", "👩\u200d💻", "\u0000", "\uFEFF", "<", "|"};
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(pieces[random.nextInt(pieces.length)]);
                case 1 -> text.append((char) (' ' + random.nextInt(95)));
                case 2 -> text.appendCodePoint(randomCodePoint(random));
                default -> text.append(TRAIN_WORDS[random.nextInt(TRAIN_WORDS.length)]);
            }
        }
        return text.toString();
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = random.nextInt(4) == 0 ? 0x10000 + random.nextInt(0x20000) : random.nextInt(0x3000);
            if (Character.isDefined(cp) && (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)) {
                return cp;
            }
        }
    }
}
