package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the code in a model's answer: Markdown fences, {@code <code>} elements, or the whole answer. */
final class CodeBlocks {

    /** A piece of code, its language if known, and the character offset where it starts in the answer. */
    record Block(Optional<Language> language, String code, int offset) {}

    private static final Pattern FENCE = Pattern.compile(
            "(?m)^[ \\t]*(```+|~~~+)[ \\t]*([\\w+#.-]*)[^\\n]*\\n(.*?)^[ \\t]*\\1[ \\t]*$", Pattern.DOTALL);
    private static final Pattern UNCLOSED_FENCE = Pattern.compile(
            "(?m)^[ \\t]*```[ \\t]*([\\w+#.-]*)[^\\n]*\\n(.*)\\z", Pattern.DOTALL);
    private static final Pattern CODE_TAG = Pattern.compile(
            "(?is)<code(?:\\s+class=\"(?:[^\"]*\\s)?(?:language-|lang-)?([\\w+#-]+)[^\"]*\")?[^>]*>(.*?)</code>");
    private static final Pattern CODE_LIKE = Pattern.compile("(?m)^\\s*(?:def |class |import |from \\S+ import |public |private "
            + "|const |let |var |function |async function |package |export |@\\w+|#!/)");
    private static final Pattern HTML_ENTITY = Pattern.compile("&(lt|gt|quot|#39|#x27|apos|amp);");

    private CodeBlocks() {}

    static List<Block> extract(String text, Optional<Language> hint) {
        List<Block> blocks = new ArrayList<>();
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            if (fence.group(2).toLowerCase(java.util.Locale.ROOT).matches("html?|xhtml|vue|svelte|erb|ejs|jinja2?|handlebars")) {
                scripts(fence.group(3), fence.start(3), blocks); // inline <script> in a page
                continue;
            }
            language(fence.group(2), fence.group(3), hint)
                    .ifPresent(l -> blocks.add(new Block(Optional.of(l), fence.group(3), fence.start(3))));
        }
        if (blocks.isEmpty() && !FENCE.matcher(text).find()) {
            Matcher unclosed = UNCLOSED_FENCE.matcher(text); // answers cut off by max_tokens
            if (unclosed.find()) {
                language(unclosed.group(1), unclosed.group(2), hint)
                        .ifPresent(l -> blocks.add(new Block(Optional.of(l), unclosed.group(2), unclosed.start(2))));
            }
        }
        if (blocks.isEmpty()) {
            Matcher tag = CODE_TAG.matcher(text);
            while (tag.find()) {
                String code = unescapeHtml(tag.group(2));
                if (code.contains("\n") || code.length() > 40) {
                    language(tag.group(1), code, hint).ifPresent(l -> blocks.add(new Block(Optional.of(l), code, tag.start(2))));
                }
            }
        }
        if (blocks.isEmpty() && !FENCE.matcher(text).find() && CODE_LIKE.matcher(text).find()) {
            language("", text, hint).ifPresent(l -> blocks.add(new Block(Optional.of(l), text, 0)));
        }
        return blocks;
    }

    private static Optional<Language> language(String tag, String code, Optional<Language> hint) {
        if (tag != null && !tag.isBlank()) {
            return Language.fromTag(tag); // a block tagged sql or html is not one we analyse
        }
        return hint.isPresent() ? hint : guess(code);
    }

    private static final Pattern SCRIPT = Pattern.compile("(?is)<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>");

    private static void scripts(String html, int offset, List<Block> blocks) {
        Matcher script = SCRIPT.matcher(html);
        while (script.find()) {
            blocks.add(new Block(Optional.of(Language.JAVASCRIPT), script.group(1), offset + script.start(1)));
        }
    }

    /** Guesses the language of untagged code from telling constructs. */
    static Optional<Language> guess(String code) {
        if (code.matches("(?s).*\\b(?:public|private|protected)\\s+(?:static\\s+)?(?:final\\s+)?[\\w<>\\[\\], ]+\\s+\\w+\\s*\\(.*")
                || code.contains("System.out") || code.matches("(?s).*\\bimport (?:java|javax|org\\.springframework)\\..*")
                || code.matches("(?s).*\\bnew \\w+(?:<[^>]*>)?\\([^)]*\\);.*") && code.contains(";") && code.matches("(?s).*\\bString\\s+\\w+.*")) {
            return Optional.of(Language.JAVA);
        }
        if (code.matches("(?s).*(?::\\s*(?:string|number|boolean|any|void|Promise<)|\\binterface\\s+\\w+\\s*\\{|\\bimport type\\b|"
                + "\\bas const\\b|\\)\\s*:\\s*\\w+(?:<[^>]*>)?\\s*(?:=>|\\{)).*")) {
            return Optional.of(Language.TYPESCRIPT);
        }
        if (code.matches("(?s).*(?:\\bconst |\\blet |\\bfunction\\b|=>|require\\(|\\bvar |module\\.exports|document\\.).*")) {
            return Optional.of(Language.JAVASCRIPT);
        }
        if (code.matches("(?s).*(?:^|\\n)\\s*(?:def |import |from \\S+ import |class \\w+(?:\\(.*\\))?:|@\\w+(?:\\.\\w+)*(?:\\(.*\\))?\\s*\\n\\s*def ).*")
                || code.matches("(?s).*\\w+\\s*=\\s*.*") && code.matches("(?s).*:\\s*\\n\\s+.*")) {
            return Optional.of(Language.PYTHON);
        }
        return Optional.empty();
    }

    static String unescapeHtml(String text) {
        return HTML_ENTITY.matcher(text).replaceAll(m -> switch (m.group(1)) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "#39", "#x27", "apos" -> "'";
            default -> "&";
        });
    }
}
