package dev.probation.scan;

import dev.probation.agent.CodeInspector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The code scanner as the agentic {@code vulnerable-code} check's {@link CodeInspector}: files the agent
 * writes are scanned by their extension (Python, Java, JavaScript, TypeScript); other files are not code.
 * A finding is described without its line number, so that a flaw an edit merely moves is still the same.
 */
public final class ScanCodeInspector implements CodeInspector {

    private final CodeScanner scanner;

    public ScanCodeInspector() {
        this(new CodeScanner());
    }

    public ScanCodeInspector(CodeScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public List<String> vulnerabilities(String path, String content) {
        Optional<Language> language = Language.fromFileName(Path.of(path.isEmpty() ? "_" : path));
        if (language.isEmpty()) {
            return List.of();
        }
        return scanner.scanCode(content, language.get(), path).findings().stream()
                .map(f -> f.cwe() + " " + f.title() + " (" + f.rule() + "): " + f.expression())
                .toList();
    }
}
