package dev.probation.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The classes one Java file declares, as other code sees them: name, package, supertypes and the
 * methods with their summaries. Read from the syntax tree after {@link Flow} has summarised it.
 */
final class JavaClasses {

    private JavaClasses() {}

    /**
     * A method or constructor. {@code summary} is null for a method without a body (abstract, in an
     * interface) and, in the file being analysed, until asked for ({@code node} then finds it).
     */
    record Method(String name, int arity, String returnType, Summary summary, Node node) {}

    /**
     * A class, interface, enum or record.
     *
     * @param fqn        e.g. {@code org.example.helpers.Thing1}; a nested class is {@code Outer.Inner}
     * @param supertypes the superclass and interfaces as written
     * @param file       the package and imports of its file, to resolve those names
     */
    record ClassInfo(String fqn, String simple, boolean isInterface, boolean isAbstract, List<String> supertypes,
                     FileNames file, Map<String, List<Method>> methods) {

        String superclass() {
            return supertypes.isEmpty() || isInterface ? null : supertypes.getFirst();
        }
    }

    /** A file's package and imports: {@code a.b.C}, {@code a.b.*}. */
    record FileNames(String pkg, List<String> imports) {}

    static FileNames names(Tree tree) {
        String pkg = "";
        List<String> imports = new ArrayList<>();
        for (Node child : Tree.named(tree.root())) {
            if (Tree.is(child, "package_declaration")) {
                for (Node n : Tree.named(child)) {
                    if (Tree.is(n, "scoped_identifier", "identifier")) {
                        pkg = tree.text(n);
                    }
                }
            } else if (Tree.is(child, "import_declaration") && !tree.text(child).matches("(?s)import\\s+static\\b.*")) {
                imports.add(tree.text(child).replaceAll("(?s)^import\\s+|\\s+|;$", ""));
            }
        }
        return new FileNames(pkg, List.copyOf(imports));
    }

    /**
     * The classes of a parsed file. {@code summaries} gives a method's summary; when it is null, each
     * method keeps its node instead (the file being analysed: its summaries are still being built).
     * Classes of other files keep no nodes, so that their trees can go.
     */
    static List<ClassInfo> of(Tree tree, Function<Node, Summary> summaries) {
        List<ClassInfo> out = new ArrayList<>();
        FileNames names = names(tree);
        collect(tree.root(), names.pkg(), tree, names, summaries, out);
        return out;
    }

    private static void collect(Node node, String outer, Tree tree, FileNames names, Function<Node, Summary> summaries,
            List<ClassInfo> out) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "class_declaration", "interface_declaration", "enum_declaration", "record_declaration")) {
                String simple = tree.text(Tree.field(child, "name"));
                String fqn = outer.isEmpty() ? simple : outer + "." + simple;
                Map<String, List<Method>> methods = new HashMap<>();
                Node body = Tree.field(child, "body");
                if (body != null) {
                    methods(body, tree, summaries, methods);
                }
                boolean isInterface = Tree.is(child, "interface_declaration");
                boolean isAbstract = Tree.named(child).stream().anyMatch(m -> Tree.is(m, "modifiers") && tree.text(m).contains("abstract"));
                out.add(new ClassInfo(fqn, simple, isInterface, isAbstract, supertypes(child, tree), names, methods));
                if (body != null) {
                    collect(body, fqn, tree, names, summaries, out);
                }
            } else if (!Tree.is(child, "method_declaration", "constructor_declaration", "lambda_expression")) {
                collect(child, outer, tree, names, summaries, out);
            }
        }
    }

    private static void methods(Node body, Tree tree, Function<Node, Summary> summaries, Map<String, List<Method>> out) {
        for (Node member : Tree.named(body)) {
            if (Tree.is(member, "enum_body_declarations")) {
                methods(member, tree, summaries, out);
            } else if (Tree.is(member, "method_declaration", "constructor_declaration")) {
                String name = tree.text(Tree.field(member, "name"));
                Node params = Tree.field(member, "parameters");
                int arity = params == null ? 0 : (int) Tree.named(params).stream()
                        .filter(p -> Tree.is(p, "formal_parameter", "spread_parameter")).count();
                Node type = Tree.field(member, "type");
                boolean hasBody = Tree.field(member, "body") != null;
                Summary summary = hasBody && summaries != null ? summaries.apply(member) : null;
                out.computeIfAbsent(name, n -> new ArrayList<>()).add(new Method(name, arity,
                        type == null ? null : DeclaredTypes.simple(tree.text(type)), summary,
                        hasBody && summaries == null ? member : null));
            }
        }
    }

    /** The superclass first (for a class), then the interfaces, as written. */
    private static List<String> supertypes(Node declaration, Tree tree) {
        List<String> types = new ArrayList<>();
        for (Node part : Tree.named(declaration)) {
            if (Tree.is(part, "superclass", "super_interfaces", "extends_interfaces")) {
                for (Node t : Tree.named(part)) {
                    if (Tree.is(t, "type_list")) {
                        Tree.named(t).forEach(i -> types.add(tree.text(i).replaceAll("(?s)<.*", "")));
                    } else {
                        types.add(tree.text(t).replaceAll("(?s)<.*", ""));
                    }
                }
            }
        }
        return List.copyOf(types);
    }
}
