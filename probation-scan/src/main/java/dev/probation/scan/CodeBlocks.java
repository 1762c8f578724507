package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the code in a model's answer: Markdown fences (a fence cut off by the token limit runs to
 * the end), {@code <code>} elements, {@code <script>} in HTML blocks, or the whole answer when it is
 * bare code. Everything here is linear in the answer's length: answers are untrusted input.
 */
final class CodeBlocks {

    /** A piece of code, its language if known, and the character offset where it starts in the answer. */
    record Block(Optional<Language> language, String code, int offset) {}

    private static final Pattern FENCE_LINE = Pattern.compile("[ \\t]{0,3}(`{3,}|~{3,})[ \\t]*([\\w+#.-]*).*");
    private static final Pattern CODE_OPEN = Pattern.compile(
            "(?i)<code(?:\\s+class=\"(?:[^\"<>]{0,200}\\s)?(?:language-|lang-)?([\\w+#-]{1,40})[^\"<>]{0,200}\")?[^>]{0,500}>");
    // Lines start with [ \t]*+, not \s*: \s* ran on over every following blank line, quadratic in their number.
    private static final Pattern CODE_LIKE = Pattern.compile("(?m)^[ \\t]*+(?:def |class |import |from \\S+ import |public |private "
            + "|const |let |var |function |async function |package |export |@\\w+|#!/)");
    private static final Pattern HTML_ENTITY = Pattern.compile("&(lt|gt|quot|#39|#x27|apos|amp);");
    private static final Pattern HTML_TAGS = Pattern.compile("html?|xhtml|vue|svelte|erb|ejs|jinja2?|handlebars");
    private static final Pattern SCRIPT_OPEN = Pattern.compile("(?i)<script(?![^>]{0,500}\\bsrc=)[^>]{0,500}>");

    private static final Pattern JAVA = Pattern.compile("\\b(?:public|private|protected)\\s+(?:static\\s+)?(?:final\\s+)?[\\w<>\\[\\], ]{1,80}\\s+\\w+\\s*\\("
            + "|System\\.out|\\bimport (?:java|javax|org\\.springframework)\\.|\\bString\\s+\\w+\\s*=");
    private static final Pattern TYPESCRIPT = Pattern.compile(":\\s*(?:string|number|boolean|any|void|Promise<)|\\binterface\\s+\\w+\\s*\\{"
            + "|\\bimport type\\b|\\bas const\\b");
    private static final Pattern JAVASCRIPT = Pattern.compile("\\bconst |\\blet |\\bfunction\\b|=>|require\\(|\\bvar |module\\.exports|document\\.");
    private static final Pattern PYTHON = Pattern.compile("(?m)^[ \\t]*+(?:def |import |from \\S++ import |class \\w++(?:\\([^)\\n]*\\))?:|@\\w+(?:\\.\\w+)*)"
            + "|:[ \\t\\r\\f]*+\\n\\s++\\S");

    private CodeBlocks() {}

    static List<Block> extract(String text, Optional<Language> hint) {
        List<Block> blocks = new ArrayList<>();
        boolean fenced = fences(text, hint, blocks);
        if (blocks.isEmpty() && !fenced) {
            tags(text, hint, blocks);
        }
        if (blocks.isEmpty() && !fenced && CODE_LIKE.matcher(text).find()) {
            language("", text, hint).ifPresent(l -> blocks.add(new Block(Optional.of(l), text, 0)));
        }
        return blocks;
    }

    /** Markdown fences, line by line; returns whether the text had any fence. */
    private static boolean fences(String text, Optional<Language> hint, List<Block> blocks) {
        boolean any = false;
        int pos = 0;
        String fence = null;
        String tag = "";
        int codeStart = 0;
        while (pos <= text.length()) {
            int end = text.indexOf('\n', pos);
            int lineEnd = end < 0 ? text.length() : end;
            String line = text.substring(pos, lineEnd);
            Matcher m = FENCE_LINE.matcher(line);
            if (fence == null && m.matches()) {
                fence = m.group(1);
                tag = m.group(2);
                codeStart = Math.min(text.length(), lineEnd + 1);
                any = true;
            } else if (fence != null && closes(line, fence)) {
                add(tag, text.substring(codeStart, pos), codeStart, hint, blocks);
                fence = null;
            }
            if (end < 0) {
                break;
            }
            pos = end + 1;
        }
        if (fence != null && codeStart < text.length()) {
            add(tag, text.substring(codeStart), codeStart, hint, blocks); // cut off by the token limit
        }
        return any;
    }

    private static boolean closes(String line, String fence) {
        String stripped = line.strip();
        return stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static void add(String tag, String code, int offset, Optional<Language> hint, List<Block> blocks) {
        if (HTML_TAGS.matcher(tag.toLowerCase(Locale.ROOT)).matches()) {
            scripts(code, offset, blocks);
        } else {
            language(tag, code, hint).ifPresent(l -> blocks.add(new Block(Optional.of(l), code, offset)));
        }
    }

    /** {@code <code>} and {@code <pre><code class="language-x">} elements, HTML entities decoded. */
    private static void tags(String text, Optional<Language> hint, List<Block> blocks) {
        Matcher open = CODE_OPEN.matcher(text);
        int from = 0;
        while (open.find(from)) {
            int close = indexOfIgnoreCase(text, "</code>", open.end());
            if (close < 0) {
                return;
            }
            String code = unescapeHtml(text.substring(open.end(), close));
            if (code.contains("\n") || code.length() > 40) {
                language(open.group(1), code, hint).ifPresent(l -> blocks.add(new Block(Optional.of(l), code, open.end())));
            }
            from = close + 7;
        }
    }

    private static void scripts(String html, int offset, List<Block> blocks) {
        Matcher open = SCRIPT_OPEN.matcher(html);
        int from = 0;
        while (open.find(from)) {
            int close = indexOfIgnoreCase(html, "</script>", open.end());
            if (close < 0) {
                return;
            }
            blocks.add(new Block(Optional.of(Language.JAVASCRIPT), html.substring(open.end(), close), offset + open.end()));
            from = close + 9;
        }
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        int n = needle.length();
        for (int i = text.indexOf('<', from); i >= 0 && i + n <= text.length(); i = text.indexOf('<', i + 1)) {
            if (text.regionMatches(true, i, needle, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Language> language(String tag, String code, Optional<Language> hint) {
        if (tag != null && !tag.isBlank()) {
            return Language.fromTag(tag); // a block tagged sql or bash is not one we analyse
        }
        return hint.isPresent() ? hint : guess(code);
    }

    /** Guesses the language of untagged code from telling constructs. */
    static Optional<Language> guess(String code) {
        if (JAVA.matcher(code).find()) {
            return Optional.of(Language.JAVA);
        }
        if (TYPESCRIPT.matcher(code).find()) {
            return Optional.of(Language.TYPESCRIPT);
        }
        if (JAVASCRIPT.matcher(code).find()) {
            return Optional.of(Language.JAVASCRIPT);
        }
        if (PYTHON.matcher(code).find()) {
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
