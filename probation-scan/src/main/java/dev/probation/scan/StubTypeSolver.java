package dev.probation.scan;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.resolution.TypeSolver;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.model.SymbolReference;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Library types that are not on Probation's class path (the Servlet API, Spring JDBC's templates,
 * JPA's EntityManager), read from small stub sources shipped as resources: signatures only, enough
 * to give a receiver its type. Each stub in {@code javax.servlet} or {@code javax.persistence} also
 * answers for {@code jakarta.servlet} or {@code jakarta.persistence}.
 */
final class StubTypeSolver implements TypeSolver {

    private static final List<String> STUBS = List.of("ServletResponse", "ServletOutputStream", "ServletRequest",
            "http/HttpServletResponse", "http/HttpServletRequest", "spring/JdbcOperations", "spring/JdbcTemplate",
            "spring/NamedParameterJdbcOperations", "spring/NamedParameterJdbcTemplate", "persistence/EntityManager",
            "persistence/Query");
    /** The stub sources by resource name, read once; each solver parses its own copy (parsed trees are not shared). */
    private static final Map<String, String> SOURCES = load();

    private final Map<String, TypeDeclaration<?>> types = new HashMap<>();
    private TypeSolver parent;
    private boolean parsed;

    @Override
    public TypeSolver getParent() {
        return parent;
    }

    @Override
    public void setParent(TypeSolver parent) {
        this.parent = parent;
    }

    @Override
    public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveType(String name) {
        TypeDeclaration<?> declaration = declarations().get(name);
        return declaration == null ? SymbolReference.unsolved()
                : SymbolReference.solved(JavaParserFacade.get(getRoot()).getTypeDeclaration(declaration));
    }

    @Override
    public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveTypeInModule(String module, String name) {
        return tryToSolveType(name);
    }

    /** Parsed on first use, with the root solver, so that the stubs' own signatures resolve. */
    private Map<String, TypeDeclaration<?>> declarations() {
        if (!parsed) {
            parsed = true;
            JavaParser parser = new JavaParser(new ParserConfiguration().setSymbolResolver(new JavaSymbolSolver(getRoot())));
            for (String source : SOURCES.values()) {
                String jakarta = source.replace("javax.servlet", "jakarta.servlet").replace("javax.persistence", "jakarta.persistence");
                for (String text : jakarta.equals(source) ? List.of(source) : List.of(source, jakarta)) {
                    CompilationUnit unit = parser.parse(text).getResult().orElseThrow();
                    for (TypeDeclaration<?> type : unit.getTypes()) {
                        types.put(type.getFullyQualifiedName().orElseThrow(), type);
                    }
                }
            }
        }
        return types;
    }

    private static Map<String, String> load() {
        Map<String, String> sources = new HashMap<>();
        for (String stub : STUBS) {
            try (InputStream in = StubTypeSolver.class.getResourceAsStream("stubs/" + stub + ".java")) {
                if (in == null) {
                    throw new IllegalStateException("the stub " + stub + ".java is missing from the probation-scan jar");
                }
                sources.put(stub, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(sources);
    }
}
