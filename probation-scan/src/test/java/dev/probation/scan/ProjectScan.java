package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a project's files into a folder and scans them through the public API as one project, as
 * {@code scan-code src/} does: the tests of calls across files share it.
 */
final class ProjectScan {

    private ProjectScan() {}

    /** Each file's findings, by file name, in the order the files were given; no file may fail to scan. */
    static Map<String, List<Finding>> findings(CodeScanner scanner, Path dir, Map<String, String> files) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path path = dir.resolve(f.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, f.getValue());
            paths.add(path);
        }
        CodeScanner project = scanner.withProject(scanner.project(paths));
        Map<String, List<Finding>> found = new LinkedHashMap<>();
        for (Path path : paths) {
            CodeScanner.Result result = project.scanFile(path, Optional.empty());
            assertThat(result.error()).isNull();
            found.put(path.getFileName().toString(), result.findings());
        }
        return found;
    }

    /** Each file's findings as {@code CWE-89:12}, by file name. */
    static Map<String, List<String>> cweLines(Path dir, Map<String, String> files) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        findings(new CodeScanner(), dir, files).forEach((file, found) -> out.put(file, found.stream().map(f -> f.cwe() + ":" + f.line()).toList()));
        return out;
    }
}
