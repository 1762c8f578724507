package dev.probation.scan;

import java.io.IOException;
import java.io.InputStream;
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

    /** Files above this size are not scanned, with a message; generated or minified code is not worth the time. */
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024;
    /**
     * The largest size limit that can be set: a syntax tree holds about 250 bytes of memory per node, 80
     * to 250 bytes per byte of code, so 8 MiB of code needs up to 2 GB.
     */
    public static final long MAX_BYTES_LIMIT = 8L * 1024 * 1024;
    /** Syntax trees are cut at this depth: the analysis recurses per level, and code this deep is generated. */
    static final int MAX_DEPTH = 500;
    /** A tree may have one node per this many bytes of the JVM's maximum heap: about 250 held, the rest headroom. */
    static final int HEAP_BYTES_PER_NODE = 512;

    private final long maxBytes;
    private final ScanModels models;
    private final Project project;
    private final ThreatModel threat;

    public CodeScanner() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @throws IllegalArgumentException unless {@code 1 <= maxBytes <= MAX_BYTES_LIMIT} */
    public CodeScanner(long maxBytes) {
        this(maxBytes, ScanModels.builtIn());
    }

    /**
     * {@code models}: the sources, sinks and sanitizers given as data ({@link ScanModels#builtIn()} by default).
     *
     * @throws IllegalArgumentException unless {@code 1 <= maxBytes <= MAX_BYTES_LIMIT}
     */
    public CodeScanner(long maxBytes, ScanModels models) {
        if (maxBytes < 1 || maxBytes > MAX_BYTES_LIMIT) {
            throw new IllegalArgumentException("the size limit must be between 1 and " + MAX_BYTES_LIMIT + " bytes, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.models = java.util.Objects.requireNonNull(models, "models");
        this.project = Project.NONE;
        this.threat = ThreatModel.REMOTE;
    }

    private CodeScanner(long maxBytes, ScanModels models, Project project, ThreatModel threat) {
        this.maxBytes = maxBytes;
        this.models = models;
        this.project = project;
        this.threat = threat;
    }

    /**
     * Reads the files of a project before scanning them, so that a call into another of these files is
     * followed (Java: helper classes, factories, interfaces). Files that cannot be read are skipped here.
     */
    public Project project(List<Path> files) {
        return Project.of(files, maxBytes, threat);
    }

    /** A scanner that follows calls into the project's files; the same size limit. */
    public CodeScanner withProject(Project project) {
        return new CodeScanner(maxBytes, models, project, threat);
    }

    /**
     * A scanner that counts the inputs of this threat model as untrusted ({@link ThreatModel#REMOTE} unless set);
     * set it before {@link #project(List)}, which summarises the files with it.
     */
    public CodeScanner withThreatModel(ThreatModel threat) {
        return new CodeScanner(maxBytes, models, project, java.util.Objects.requireNonNull(threat, "threat"));
    }

    /** The inputs this scanner counts as untrusted. */
    public ThreatModel threatModel() {
        return threat;
    }

    /**
     * What scanning one input found.
     *
     * @param file     the path or name as given
     * @param language the language(s) analysed, or empty when nothing was
     * @param findings the vulnerabilities, in line order
     * @param warnings things the user should know that did not stop the scan (parse errors, parts not analysed)
     * @param error    why the input was not scanned at all (not a regular file, unreadable, too large, binary), or null
     * @param complete whether all of the input was analysed: false when it was not scanned, or when part of it
     *                 was not (code nested too deeply; the warnings say where)
     */
    public record Result(String file, String language, List<Finding> findings, List<String> warnings, String error,
            boolean complete) {

        public Result {
            findings = List.copyOf(findings);
            warnings = List.copyOf(warnings);
            complete = complete && error == null;
        }

        /** A result that is complete unless it has an error. */
        public Result(String file, String language, List<Finding> findings, List<String> warnings, String error) {
            this(file, language, findings, warnings, error, true);
        }

        /** An input that could not be scanned at all. */
        public static Result failed(String file, String error) {
            return new Result(file, "", List.of(), List.of(), error, false);
        }
    }

    /** Warnings, and whether some code went unanalysed. */
    private static final class Notes {
        final List<String> warnings = new ArrayList<>();
        boolean partial;

        void notAnalysed(String warning) {
            warnings.add(warning);
            partial = true;
        }
    }

    /** Scans source code in a known language; {@code file} names it in findings. */
    public Result scanCode(String code, Language language, String file) {
        Notes notes = new Notes();
        List<Finding> findings = analyse(code, language, file, 0, notes);
        return new Result(file, language.id(), findings, notes.warnings, null, !notes.partial);
    }

    /**
     * Scans a model's answer or a Markdown document: the code in fences and {@code <code>} elements,
     * or the whole text when it is bare code. {@code hint} is the language to assume for untagged code.
     */
    public Result scanAnswer(String text, Optional<Language> hint, String file) {
        if (text.length() > maxBytes) {
            return Result.failed(file, "not scanned: " + text.length() + " characters is more than the " + maxBytes + "-byte limit");
        }
        if (text.startsWith("\uFEFF")) {
            text = " " + text.substring(1); // keep offsets
        }
        Notes notes = new Notes();
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
            notes.warnings.add("no Python, Java, JavaScript or TypeScript code found");
        }
        sources.forEach((language, source) -> findings.addAll(analyse(source.toString(), language, file, 0, notes)));
        findings.sort(Comparator.comparingInt(Finding::line).thenComparing(Finding::cwe));
        String languages = String.join(",", sources.keySet().stream().map(Language::id).toList());
        return new Result(file, languages, findings, notes.warnings, null, !notes.partial);
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
     * Special, huge, binary, unreadable and undecodable files give a result with a message, never an exception.
     */
    public Result scanFile(Path path, Optional<Language> forced) {
        String name = path.toString();
        try {
            InputFile.Read read = InputFile.read(path, maxBytes);
            if (read.refusal() != null) {
                return Result.failed(name, read.refusal());
            }
            Optional<Language> language = forced.isPresent() ? forced : Language.fromFileName(path);
            return scanBytes(read.bytes(), language.isPresent() && !isDocument(path) ? language : Optional.empty(), forced, name);
        } catch (IOException e) {
            return Result.failed(name, "cannot read: " + describe(e));
        }
    }

    /** Scans a stream (standard input) as text, read up to the size limit; {@code name} names it in findings. */
    public Result scanStream(InputStream in, Optional<Language> forced, String name) {
        try {
            InputFile.Read read = InputFile.limited(in, maxBytes, "the input");
            return read.refusal() != null ? Result.failed(name, read.refusal()) : scanBytes(read.bytes(), Optional.empty(), forced, name);
        } catch (IOException e) {
            return Result.failed(name, "cannot read: " + describe(e));
        }
    }

    /** {@code code}: the language when the bytes are source code; else they are text that may hold code blocks. */
    private Result scanBytes(byte[] bytes, Optional<Language> code, Optional<Language> forced, String name) {
        if (isBinary(bytes)) {
            return Result.failed(name, "not scanned: a binary file (more than " + BINARY_SHARE_PERCENT
                    + "% of its first 8 KiB are NUL or other control bytes)");
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
        long nuls = text.chars().filter(c -> c == 0).count();
        if (nuls > 0) {
            // NUL bytes would hide nothing from a parser that reads past them; spaces keep every offset
            text = text.replace('\0', ' ');
            decoding.add(nuls + " NUL byte" + (nuls == 1 ? "" : "s") + " read as space" + (nuls == 1 ? "" : "s"));
        }
        if (code.isPresent()) {
            return withWarnings(scanCode(text, code.get(), name), decoding);
        }
        return withWarnings(scanText(text, forced, name), decoding);
    }

    /**
     * Scans text given by a user (standard input, a text file): code blocks as in an answer, or, when
     * a language is given and there are none, the whole text as code in that language.
     */
    public Result scanText(String text, Optional<Language> forced, String file) {
        Result result = scanAnswer(text, forced, file);
        if (result.language().isEmpty() && forced.isPresent() && result.error() == null) {
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
        return new Result(result.file(), result.language(), result.findings(), all, result.error(), result.complete());
    }

    /** Files whose code sits in fences or tags: Markdown, text, HTML, saved model answers. */
    static boolean isDocument(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".md") || name.endsWith(".markdown") || name.endsWith(".txt") || name.endsWith(".html")
                || name.endsWith(".htm");
    }

    private static final int BINARY_SHARE_PERCENT = 10;

    /**
     * Images, archives and compiled code, by their share of control bytes; a source file with a stray
     * NUL or two is still text, and is scanned.
     */
    private static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            control += b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B ? 1 : 0;
        }
        return control * 100 > n * BINARY_SHARE_PERCENT;
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }

    private List<Finding> analyse(String code, Language language, String file, int lineOffset, Notes notes) {
        try {
            return analyseTree(code, language, file, lineOffset, notes);
        } catch (StackOverflowError e) {
            // a last resort (trees are cut at MAX_DEPTH): say so rather than lose the other files
            notes.notAnalysed(language.id() + " code is nested too deeply to analyse; not scanned");
            return List.of();
        } catch (OutOfMemoryError e) {
            notes.notAnalysed(language.id() + " code needs more memory to analyse than the JVM has (-Xmx); not scanned");
            return List.of();
        }
    }

    private List<Finding> analyseTree(String code, Language language, String file, int lineOffset, Notes notes) {
        Tree tree = project.tree(file, code, language); // parsed once when the project was read
        int errorLine = tree.firstErrorLine();
        if (errorLine > 0) {
            double share = tree.errorShare();
            notes.warnings.add(String.format(Locale.ROOT, "%s code does not parse cleanly from line %d (%s of it unparsed); "
                    + "findings there may be missed", language.id(), errorLine + lineOffset,
                    share < 0.01 ? "under 1%" : Math.round(100 * share) + "%"));
        }
        if (tree.deepLine() > 0) {
            notes.notAnalysed(String.format(Locale.ROOT, "%s code from line %d is nested more than %d levels deep; what lies "
                    + "deeper was not analysed", language.id(), tree.deepLine() + lineOffset, MAX_DEPTH));
        }
        if (tree.droppedLine() > 0) {
            notes.notAnalysed(String.format(Locale.ROOT, "%s code from line %d was not analysed: its syntax tree outgrew the "
                    + "memory the JVM may use (give it more, e.g. PROBATION_JAVA_OPTS=-Xmx4g)", language.id(),
                    tree.droppedLine() + lineOffset));
        }
        Callees callees = project.in(tree, file);
        Flow flow = new Flow(tree, file, lineOffset, models, callees, threat);
        List<Finding> findings = new ArrayList<>(flow.run());
        if (flow.metSecretSinks()) {
            findings.addAll(HardCodedSecrets.literalPass(tree, file, lineOffset, models, callees, findings));
        }
        findings.sort(Comparator.comparingInt(Finding::line).thenComparing(Finding::cwe));
        return findings;
    }
}
