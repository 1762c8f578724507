package dev.probation.agent;

import java.util.List;

/**
 * Finds vulnerabilities in a file the agent wrote. Core has no code analyser (the tree-sitter scanner
 * lives in probation-scan, which depends on core), so the {@code vulnerable-code} check takes one
 * through this interface; probation-scan provides {@code dev.probation.scan.ScanCodeInspector}.
 */
@FunctionalInterface
public interface CodeInspector {

    /**
     * One line per vulnerability found ({@code CWE-89 SQL injection at line 4}); empty when the file is
     * clean or not code the inspector reads. Equal findings must give equal lines, because a finding
     * that was already in the file before the agent's edit is not held against it.
     */
    List<String> vulnerabilities(String path, String content);
}
