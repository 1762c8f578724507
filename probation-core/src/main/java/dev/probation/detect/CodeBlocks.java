package dev.probation.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the code in a model's answer: fenced blocks, {@code <code>} elements, or the whole answer. */
final class CodeBlocks {

    /** A piece of code, its language ({@code python}, {@code javascript}, {@code java}, or empty), and where it starts. */
    record Block(String language, String code, int offset) {}

    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*(```+|~~~+)[ \\t]*([\\w+#.-]*)[^\\n]*\\n(.*?)^[ \\t]*\\1[ \\t]*$",
            Pattern.DOTALL);
    private static final Pattern UNCLOSED_FENCE = Pattern.compile("(?m)^[ \\t]*```[ \\t]*([\\w+#.-]*)[^\\n]*\\n(.*)\\z",
            Pattern.DOTALL);
    private static final Pattern CODE_TAG = Pattern.compile("(?is)<code(?:\\s+class=\"(?:language-)?([\\w+#-]+)\")?[^>]*>(.*?)</code>");
    private static final Pattern CODE_LIKE = Pattern.compile("(?m)^\\s*(?:def |class |import |from \\S+ import |public |private "
            + "|const |let |function |async function |package |#include)");

    private CodeBlocks() {}

    static List<Block> extract(String text, String defaultLanguage) {
        List<Block> blocks = new ArrayList<>();
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            blocks.add(new Block(language(fence.group(2), fence.group(3), defaultLanguage), fence.group(3), fence.start(3)));
        }
        if (blocks.isEmpty()) {
            Matcher unclosed = UNCLOSED_FENCE.matcher(text); // answers cut off by max_tokens
            if (unclosed.find()) {
                blocks.add(new Block(language(unclosed.group(1), unclosed.group(2), defaultLanguage), unclosed.group(2),
                        unclosed.start(2)));
            }
        }
        if (blocks.isEmpty()) {
            Matcher tag = CODE_TAG.matcher(text);
            while (tag.find()) {
                String code = unescapeHtml(tag.group(2));
                if (code.contains("\n") || code.length() > 40) {
                    blocks.add(new Block(language(tag.group(1), code, defaultLanguage), code, tag.start(2)));
                }
            }
        }
        if (blocks.isEmpty() && CODE_LIKE.matcher(text).find()) {
            blocks.add(new Block(language("", text, defaultLanguage), text, 0));
        }
        return blocks;
    }

    static String language(String tag, String code, String defaultLanguage) {
        String normalized = normalize(tag == null ? "" : tag);
        if (!normalized.isEmpty()) {
            return normalized;
        }
        String fromScenario = normalize(defaultLanguage);
        return fromScenario.isEmpty() ? guess(code) : fromScenario;
    }

    static String normalize(String tag) {
        return switch (tag.toLowerCase(Locale.ROOT).strip()) {
            case "python", "py", "python3", "py3" -> "python";
            case "javascript", "js", "node", "nodejs", "typescript", "ts", "jsx", "tsx", "mjs" -> "javascript";
            case "java" -> "java";
            default -> "";
        };
    }

    private static String guess(String code) {
        if (code.matches("(?s).*\\b(?:public|private|protected)\\s+(?:static\\s+)?[\\w<>\\[\\]]+\\s+\\w+\\s*\\(.*")
                || code.contains("System.out") || code.matches("(?s).*\\bimport java\\..*")) {
            return "java";
        }
        if (code.matches("(?s).*(?:\\bconst |\\blet |\\bfunction\\b|=>|require\\(|\\bvar ).*")) {
            return "javascript";
        }
        if (code.matches("(?s).*(?:^|\\n)\\s*(?:def |import |from \\S+ import ).*")) {
            return "python";
        }
        return "";
    }

    private static String unescapeHtml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
