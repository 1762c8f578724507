package dev.probation.scan;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import com.github.javaparser.symbolsolver.resolution.typesolvers.CombinedTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static types of Java expressions, from JavaParser and its symbol solver: JDK types by reflection,
 * the Servlet API from stubs ({@link StubTypeSolver}). The tree-sitter analysis asks about the calls
 * it is looking at, by the position of the method name; an answer of {@code null} means unknown (the
 * code did not parse, or names a library Probation has no types for), and the rules then fall back to
 * names. Parsed once per file, resolved only for the calls asked about. One per tree, used by the
 * thread that made it.
 */
final class JavaTypes {

    private static final Set<String> RESPONSES = Set.of("javax.servlet.ServletResponse", "jakarta.servlet.ServletResponse");
    private static final Set<String> RESPONSE_STREAMS = Set.of("getWriter", "getOutputStream");

    private final Map<Long, MethodCallExpr> calls = new HashMap<>();
    private final Map<Long, ObjectCreationExpr> creations = new HashMap<>();
    private final JavaParserFacade facade;
    /** Held while the solver works: it is shared with other files. */
    private final Object lock;

    private JavaTypes(CompilationUnit unit, Resolver resolver) {
        this.facade = resolver.facade();
        this.lock = resolver;
        if (unit != null) {
            for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
                call.getName().getBegin().ifPresent(p -> calls.put(key(p.line, p.column), call));
            }
            for (ObjectCreationExpr creation : unit.findAll(ObjectCreationExpr.class)) {
                creation.getType().getBegin().ifPresent(p -> creations.put(key(p.line, p.column), creation));
            }
        }
    }

    /**
     * A parser and symbol solver. JavaParserFacade keeps every type solver it was given, for good, with
     * everything the solver cached: one solver per file filled any heap, and so did one per thread
     * once detectors ran on virtual threads (an audit judges each answer on its own). So a few are
     * shared, each used by one thread at a time. Parsed trees are not kept (resolved types are stored
     * on the trees' own nodes).
     */
    private record Resolver(JavaParser parser, JavaParserFacade facade) {

        static Resolver create() {
            CombinedTypeSolver solver = new CombinedTypeSolver(new ReflectionTypeSolver(true), new StubTypeSolver());
            JavaParser parser = new JavaParser(new ParserConfiguration().setLanguageLevel(LanguageLevel.JAVA_25)
                    .setSymbolResolver(new JavaSymbolSolver(solver)));
            return new Resolver(parser, JavaParserFacade.get(solver));
        }
    }

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Resolver> RESOLVERS =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(Math.max(2, Runtime.getRuntime().availableProcessors()));
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    /** The next of the shared resolvers, round robin, made on first use. */
    private static Resolver resolver() {
        int index = Math.floorMod(NEXT.getAndIncrement(), RESOLVERS.length());
        Resolver resolver = RESOLVERS.get(index);
        if (resolver == null) {
            synchronized (RESOLVERS) { // one per slot: a solver made and dropped would stay in JavaParserFacade for good
                resolver = RESOLVERS.get(index);
                if (resolver == null) {
                    resolver = Resolver.create();
                    RESOLVERS.set(index, resolver);
                }
            }
        }
        return resolver;
    }

    /** Parses the source; code JavaParser cannot read gives a resolver that knows no types. */
    static JavaTypes of(String source) {
        Resolver resolver = resolver();
        CompilationUnit unit;
        synchronized (resolver) {
            try {
                unit = resolver.parser().parse(source).getResult().orElse(null);
            } catch (RuntimeException | StackOverflowError e) { // a parser bug on odd input must not stop the scan
                unit = null;
            }
        }
        return new JavaTypes(unit, resolver);
    }

    /** The qualified type of the receiver of the method named at (line, column), e.g. {@code java.lang.Runtime}, or null. */
    String receiverType(int line, int column) {
        synchronized (lock) {
            MethodCallExpr call = calls.get(key(line, column));
            return call == null ? null : call.getScope().map(this::typeName).orElse(null);
        }
    }

    /**
     * The qualified names of the receiver's type and of its supertypes ({@code java.sql.PreparedStatement},
     * {@code java.sql.Statement}, ...), or null when its type is unknown. A supertype outside the JDK
     * and the stubs is left out.
     */
    Set<String> receiverTypes(int line, int column) {
        synchronized (lock) {
            MethodCallExpr call = calls.get(key(line, column));
            ResolvedType type = call == null ? null : call.getScope().map(this::type).orElse(null);
            if (type == null || !type.isReferenceType()) {
                return type == null ? null : Set.of(type.describe());
            }
            Set<String> names = new java.util.HashSet<>();
            names.add(type.asReferenceType().getQualifiedName());
            try {
                type.asReferenceType().getAllAncestors().forEach(a -> names.add(a.getQualifiedName()));
            } catch (RuntimeException e) { // an ancestor outside the JDK and the stubs
                return names;
            }
            return names;
        }
    }

    /** The type of argument {@code index} of the method named at (line, column), e.g. {@code java.lang.String[]}, or null. */
    String argumentType(int line, int column, int index) {
        synchronized (lock) {
            MethodCallExpr call = calls.get(key(line, column));
            return call == null || index >= call.getArguments().size() ? null : typeName(call.getArgument(index));
        }
    }

    /** The qualified type of the object created by the {@code new} whose type is named at (line, column), e.g. {@code java.io.File}, or null. */
    String constructedType(int line, int column) {
        synchronized (lock) {
            ObjectCreationExpr creation = creations.get(key(line, column));
            return creation == null ? null : typeName(creation);
        }
    }

    /**
     * Whether the method named at (line, column) is called on a servlet response's writer or stream:
     * {@code response.getWriter().print(x)}, or {@code out.print(x)} where {@code out} is declared or
     * assigned as {@code response.getOutputStream()} in the same method.
     */
    boolean onResponseStream(int line, int column) {
        synchronized (lock) {
            MethodCallExpr call = calls.get(key(line, column));
            if (call == null || call.getScope().isEmpty()) {
                return false;
            }
            Expression receiver = call.getScope().get();
            if (receiver.isNameExpr()) {
                return values(call, receiver.asNameExpr().getNameAsString()).stream().anyMatch(this::isResponseStream);
            }
            return isResponseStream(receiver);
        }
    }

    private boolean isResponseStream(Expression expression) {
        return expression.isMethodCallExpr() && RESPONSE_STREAMS.contains(expression.asMethodCallExpr().getNameAsString())
                && expression.asMethodCallExpr().getScope().map(this::isResponse).orElse(false);
    }

    /** What the enclosing method declares or assigns the local variable to. */
    private static List<Expression> values(Node inside, String variable) {
        Node body = inside.findAncestor(CallableDeclaration.class).map(Node.class::cast).orElse(inside);
        List<Expression> values = new ArrayList<>();
        for (VariableDeclarator declarator : body.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(variable))) {
            declarator.getInitializer().ifPresent(values::add);
        }
        for (AssignExpr assign : body.findAll(AssignExpr.class, a -> a.getTarget().isNameExpr()
                && a.getTarget().asNameExpr().getNameAsString().equals(variable))) {
            values.add(assign.getValue());
        }
        return values;
    }

    private boolean isResponse(Expression expression) {
        ResolvedType type = type(expression);
        if (type == null || !type.isReferenceType()) {
            return false;
        }
        ResolvedReferenceType reference = type.asReferenceType();
        if (RESPONSES.contains(reference.getQualifiedName())) {
            return true;
        }
        try {
            return reference.getAllAncestors().stream().anyMatch(a -> RESPONSES.contains(a.getQualifiedName()));
        } catch (RuntimeException e) { // an ancestor outside the JDK and the stubs
            return false;
        }
    }

    private String typeName(Expression expression) {
        ResolvedType type = type(expression);
        if (type == null) {
            return null;
        }
        return type.isReferenceType() ? type.asReferenceType().getQualifiedName() : type.describe();
    }

    private ResolvedType type(Expression expression) {
        try {
            return facade.getType(expression);
        } catch (RuntimeException | StackOverflowError e) { // unsolved symbols: a library we have no types for
            return null;
        }
    }

    private static long key(int line, int column) {
        return (long) line << 32 | column;
    }
}
