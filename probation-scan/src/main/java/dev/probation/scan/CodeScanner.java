package dev.probation.scan;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.nio.ByteBuffer;

/**
 * Finds vulnerable code: parses Python, Java, JavaScript and TypeScript with tree-sitter and follows
 * untrusted data to SQL, shell, file, HTML and eval sinks; checks crypto, deserialisation, XML
 * parser settings and literal secrets. Accepts source files, Markdown and model answers (code in
 * fences or {@code <code>} elements). Thread-safe.
 */
public final class CodeScanner {

    /** Files above this size are skipped with a message; generated or minified code is not worth the time. */
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024;

    private final long maxBytes;

    public CodeScanner() {
        this(DEFAULT_MAX_BYTES);
    }

    public CodeScanner(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * What scanning one input found.
     *
     * @param file     the path or name as given
     * @param language the language(s) analysed, or empty when nothing was
     * @param findings the vulnerabilities, in line order
     * @param warnings things the user should know that did not stop the scan (parse errors, skipped files)
     * @param error    why the input could not be scanned at all, or null
     */
    public record Result(String file, String language, List<Finding> findings, List<String> warnings, String error) {

        public Result {
            findings = List.copyOf(findings);
            warnings = List.copyOf(warnings);
        }

        /** An input that could not be scanned at all. */
        public static Result failed(String file, String error) {
            return new Result(file, "", List.of(), List.of(), error);
        }

        static Result skipped(String file, String warning) {
            return new Result(file, "", List.of(), List.of(warning), null);
        }
    }

    /** Scans source code in a known language; {@code file} names it in findings. */
    public Result scanCode(String code, Language language, String file) {
        List<String> warnings = new ArrayList<>();
        List<Finding> findings = analyse(code, language, file, 0, warnings);
        return new Result(file, language.id(), findings, warnings, null);
    }

    /**
     * Scans a model's answer or a Markdown document: the code in fences and {@code <code>} elements,
     * or the whole text when it is bare code. {@code hint} is the language to assume for untagged code.
     */
    public Result scanAnswer(String text, Optional<Language> hint, String file) {
        if (text.length() > maxBytes) {
            return Result.skipped(file, "skipped: " + text.length() + " characters is more than the " + maxBytes + "-byte limit");
        }
        if (text.startsWith("\uFEFF")) {
            text = " " + text.substring(1); // keep offsets
        }
        List<String> warnings = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        // The blocks of one language are analysed together, each at its own lines, so that a helper
        // defined in one block and called in the next is still followed.
        Map<Language, StringBuilder> sources = new LinkedHashMap<>();
        Map<Language, Integer> linesSoFar = new LinkedHashMap<>();
        int[] lineStarts = lineStarts(text);
        for (CodeBlocks.Block block : CodeBlocks.extract(text, hint)) {
            Language language = block.language().orElseThrow();
            StringBuilder source = sources.computeIfAbsent(language, l -> new StringBuilder());
            int lines = linesSoFar.getOrDefault(language, 0);
            int line = lineOf(lineStarts, block.offset());
            String code = block.code().endsWith("\n") ? block.code() : block.code() + "\n";
            source.append("\n".repeat(Math.max(0, line - lines))).append(code);
            linesSoFar.put(language, Math.max(line, lines) + (int) code.chars().filter(c -> c == '\n').count());
        }
        if (sources.isEmpty()) {
            warnings.add("no Python, Java, JavaScript or TypeScript code found");
        }
        sources.forEach((language, source) -> findings.addAll(analyse(source.toString(), language, file, 0, warnings)));
        findings.sort(Comparator.comparingInt(Finding::line).thenComparing(Finding::cwe));
        String languages = String.join(",", sources.keySet().stream().map(Language::id).toList());
        return new Result(file, languages, findings, warnings, null);
    }

    /** The offset where each line of the text starts. */
    static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] lineStarts, int offset) {
        int i = java.util.Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i : -i - 2;
    }

    /** The code of one language in a model's answer, blocks joined by blank lines (to feed other tools). */
    public static String codeOf(String answer, Language language) {
        StringBuilder code = new StringBuilder();
        for (CodeBlocks.Block block : CodeBlocks.extract(answer, Optional.of(language))) {
            if (block.language().orElseThrow() == language) {
                code.append(block.code()).append("\n\n");
            }
        }
        return code.toString();
    }

    /**
     * Scans one file: source code by extension, anything else as text that may hold code blocks.
     * Binary, huge, unreadable and undecodable files give a result with a message, never an exception.
     */
    public Result scanFile(Path path, Optional<Language> forced) {
        String name = path.toString();
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                return Result.skipped(name, "skipped: " + size + " bytes is more than the " + maxBytes
                        + "-byte limit (--max-file-size)");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (isBinary(bytes)) {
                return Result.skipped(name, "skipped: a binary file");
            }
            String text;
            List<String> decoding = new ArrayList<>();
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                // a Windows-1252 accent in a comment should not hide the code around it
                text = new String(bytes, StandardCharsets.UTF_8);
                decoding.add("not valid UTF-8; undecodable bytes were replaced");
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            Optional<Language> language = forced.isPresent() ? forced : Language.fromFileName(path);
            if (language.isPresent() && !isDocument(path)) {
                return withWarnings(scanCode(text, language.get(), name), decoding);
            }
            return withWarnings(scanText(text, forced, name), decoding);
        } catch (IOException e) {
            return Result.failed(name, "cannot read: " + describe(e));
        }
    }

    /**
     * Scans text given by a user (standard input, a text file): code blocks as in an answer, or, when
     * a language is given and there are none, the whole text as code in that language.
     */
    public Result scanText(String text, Optional<Language> forced, String file) {
        Result result = scanAnswer(text, forced, file);
        if (result.language().isEmpty() && forced.isPresent() && result.error() == null && !result.warnings().getFirst().startsWith("skipped")) {
            String code = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return scanCode(code, forced.get(), file);
        }
        return result;
    }

    private static Result withWarnings(Result result, List<String> warnings) {
        if (warnings.isEmpty()) {
            return result;
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(result.warnings());
        return new Result(result.file(), result.language(), result.findings(), all, result.error());
    }

    /** Files whose code sits in fences or tags: Markdown, text, HTML, saved model answers. */
    static boolean isDocument(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".md") || name.endsWith(".markdown") || name.endsWith(".txt") || name.endsWith(".html")
                || name.endsWith(".htm");
    }

    private static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }

    private static List<Finding> analyse(String code, Language language, String file, int lineOffset, List<String> warnings) {
        try {
            return analyseTree(code, language, file, lineOffset, warnings);
        } catch (StackOverflowError e) {
            // adversarial or generated code nested thousands deep: say so rather than lose the other files
            warnings.add(language.id() + " code is nested too deeply to analyse; skipped");
            return List.of();
        }
    }

    private static List<Finding> analyseTree(String code, Language language, String file, int lineOffset, List<String> warnings) {
        Tree tree = Tree.parse(code, language);
        int errorLine = tree.firstErrorLine();
        if (errorLine > 0) {
            double share = tree.errorShare();
            warnings.add(String.format(Locale.ROOT, "%s code does not parse cleanly from line %d (%s of it unparsed); "
                    + "findings there may be missed", language.id(), errorLine + lineOffset,
                    share < 0.01 ? "under 1%" : Math.round(100 * share) + "%"));
        }
        List<Finding> findings = new ArrayList<>(new Flow(tree, file, lineOffset).run());
        findings.sort(Comparator.comparingInt(Finding::line).thenComparing(Finding::cwe));
        return findings;
    }
}
