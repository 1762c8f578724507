package dev.probation.bench.juliet;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bad and good functions of one Juliet file, by line range, so that a finding's line names its unit. A line
 * inside nested methods (an anonymous class in {@code bad()}) belongs to the innermost bad* or good* method around
 * it; lines in no such method belong to the file's own side (flow variant 81) or to nothing.
 */
final class Functions {

    /** One method with a bad or good unit, lines {@code begin..end} inclusive. */
    record Span(int begin, int end, Unit unit) {
        int size() {
            return end - begin;
        }
    }

    private final TestCaseFile file;
    private final List<Span> spans;

    private Functions(TestCaseFile file, List<Span> spans) {
        this.file = file;
        this.spans = spans;
    }

    static Functions parse(Path path, TestCaseFile file) throws IOException {
        JavaParser parser = new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_8));
        ParseResult<CompilationUnit> result = parser.parse(Files.readString(path, StandardCharsets.ISO_8859_1));
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            Problem problem = result.getProblems().getFirst();
            String line = problem.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> ":" + r.begin.line).orElse("");
            throw new IllegalArgumentException(path + line + ": not parsed as Java: " + problem.getMessage().lines().findFirst().orElse(""));
        }
        List<Span> spans = new ArrayList<>();
        for (MethodDeclaration m : result.getResult().get().findAll(MethodDeclaration.class)) {
            Unit unit = Unit.ofMethod(file, m.getNameAsString());
            if (unit != null && m.getRange().isPresent()) {
                spans.add(new Span(m.getRange().get().begin.line, m.getRange().get().end.line, unit));
            }
        }
        spans.sort(Comparator.comparingInt(Span::size)); // innermost first
        return new Functions(file, List.copyOf(spans));
    }

    /** The unit whose code holds this line, or null for code outside every bad and good function. */
    Unit unitAt(int line) {
        for (Span s : spans) {
            if (s.begin() <= line && line <= s.end()) {
                return s.unit();
            }
        }
        return Unit.ofFile(file);
    }

    /** Every unit this file has code for. */
    Set<Unit> units() {
        Set<Unit> units = new LinkedHashSet<>();
        Unit whole = Unit.ofFile(file);
        if (whole != null) {
            units.add(whole);
        }
        spans.forEach(s -> units.add(s.unit()));
        return units;
    }

    TestCaseFile file() {
        return file;
    }
}
