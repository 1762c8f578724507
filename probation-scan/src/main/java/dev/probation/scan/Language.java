package dev.probation.scan;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.treesitter.TSLanguage;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterTypescript;

/** The languages the analyser parses, each with its tree-sitter grammar. */
public enum Language {
    PYTHON("python", TreeSitterPython::new, ".py", ".pyw"),
    JAVA("java", TreeSitterJava::new, ".java"),
    /** Also TSX: the JavaScript grammar reads JSX, the TypeScript one does not (type annotations parse with recovery). */
    JAVASCRIPT("javascript", TreeSitterJavascript::new, ".js", ".mjs", ".cjs", ".jsx", ".tsx"),
    TYPESCRIPT("typescript", TreeSitterTypescript::new, ".ts", ".mts", ".cts");

    private final String id;
    private final Supplier<TSLanguage> grammar;
    private final String[] extensions;
    private volatile Grammar loaded;

    Language(String id, Supplier<TSLanguage> grammar, String... extensions) {
        this.id = id;
        this.grammar = grammar;
        this.extensions = extensions;
    }

    /** The lower-case name used in suites, reports and {@code --language}. */
    public String id() {
        return id;
    }

    /** The grammar, loaded once: it is immutable and shared by all parsers. */
    Grammar grammar() {
        Grammar result = loaded;
        if (result == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = new Grammar(grammar.get());
                }
                result = loaded;
            }
        }
        return result;
    }

    /** The language of a Markdown fence tag, a {@code language-x} class or a suite's {@code language}. */
    public static Optional<Language> fromTag(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (tag.toLowerCase(Locale.ROOT).strip()) {
            case "python", "py", "python3", "py3" -> PYTHON;
            case "java" -> JAVA;
            case "javascript", "js", "node", "nodejs", "jsx", "mjs", "cjs", "tsx" -> JAVASCRIPT;
            case "typescript", "ts" -> TYPESCRIPT;
            default -> null;
        });
    }

    /** The language of a source file, by its extension. */
    public static Optional<Language> fromFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            for (String extension : language.extensions) {
                if (name.endsWith(extension)) {
                    return Optional.of(language);
                }
            }
        }
        return Optional.empty();
    }
}
