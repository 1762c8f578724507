package dev.probation.scan;

import dev.probation.scan.JavaClasses.ClassInfo;
import dev.probation.scan.JavaClasses.FileNames;
import dev.probation.scan.JavaClasses.Method;
import dev.probation.scan.Syntax.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java classes of the scanned project, with their methods' summaries, and how a call finds
 * them: by the declared type of its receiver ({@code RequestWrapper wrapper}, {@code new Helper(x)},
 * a cast), a class name ({@code Utils.encode(x)}, qualified or imported), the return type of another
 * project method ({@code Factory.create().run(x)}), or the superclass of the calling
 * class. A name is resolved through the calling file's own classes, its imports and package, then a
 * simple name that only one project class has. A call to an interface or abstract method uses what
 * every implementation in the project does, merged. Immutable and shared by all threads; each file
 * gets its own {@link #in(Tree) view}.
 */
final class JavaProject {

    static final JavaProject EMPTY = new JavaProject(List.of());
    private static final int MAX_DEPTH = 8;

    private final Map<String, ClassInfo> classes = new HashMap<>();
    private final Map<String, List<ClassInfo>> bySimple = new HashMap<>();
    private final Map<String, List<ClassInfo>> subtypes = new HashMap<>();
    /** Method and class names, to pass over most calls at once. */
    private final Set<String> names = new HashSet<>();

    JavaProject(List<ClassInfo> all) {
        for (ClassInfo c : all) {
            classes.putIfAbsent(c.fqn(), c);
            bySimple.computeIfAbsent(c.simple(), s -> new ArrayList<>()).add(c);
            names.add(c.simple());
            names.addAll(c.methods().keySet());
        }
        for (ClassInfo c : classes.values()) {
            for (String type : c.supertypes()) {
                ClassInfo parent = resolve(type, c.file(), Map.of());
                if (parent != null) {
                    subtypes.computeIfAbsent(parent.fqn(), k -> new ArrayList<>()).add(c);
                }
            }
        }
    }

    int size() {
        return classes.size();
    }

    /** The calls of one file: its own classes first, then the project's. */
    Callees in(Tree tree) {
        return new FileView(tree);
    }

    /** A method found for a call: the class it was looked up in, and what it does. */
    private record Target(ClassInfo owner, Method method, Summary summary) {}

    private final class FileView implements Callees {
        private final FileNames file;
        /** The file's own classes by simple name and by name inside the package ({@code Outer.Inner}). */
        private final Map<String, ClassInfo> own = new HashMap<>();
        private final Set<String> ownNames = new HashSet<>();
        private final DeclaredTypes declared = new DeclaredTypes();
        private final Map<Node, LocalBindings> bindings = new java.util.IdentityHashMap<>();

        FileView(Tree tree) {
            this.file = JavaClasses.names(tree);
            for (ClassInfo c : JavaClasses.of(tree, null)) {
                own.putIfAbsent(c.simple(), c);
                own.put(file.pkg().isEmpty() ? c.fqn() : c.fqn().substring(file.pkg().length() + 1), c);
                ownNames.add(c.simple());
                ownNames.addAll(c.methods().keySet());
            }
        }

        @Override
        public Summary summary(Call call, Flow.Scope scope) {
            Target target = find(call, scope, 0);
            if (target == null || target.summary() == null) {
                return null;
            }
            return call.constructor() ? constructed(target.summary()) : target.summary();
        }

        private Target find(Call call, Flow.Scope scope, int depth) {
            if (depth > MAX_DEPTH || !names.contains(call.name()) && !ownNames.contains(call.name())) {
                return null;
            }
            int arity = call.args().size();
            if (call.constructor()) {
                ClassInfo type = resolve(call.callee(), file, own);
                return type == null ? null : lookup(type, type.simple(), arity, scope);
            }
            if (call.receiver() == null) { // not in this file (Flow looked there first): inherited
                ClassInfo enclosing = enclosingClass(call.node(), scope);
                ClassInfo parent = enclosing == null || enclosing.superclass() == null ? null
                        : resolve(enclosing.superclass(), enclosing.file(), own);
                return parent == null ? null : lookup(parent, call.name(), arity, scope);
            }
            ClassInfo type = typeOf(call.receiver(), scope, depth);
            return type == null ? null : lookup(type, call.name(), arity, scope);
        }

        /** The project class an expression's value belongs to, or null. */
        private ClassInfo typeOf(Node receiver, Flow.Scope scope, int depth) {
            Tree tree = scope.syntax().tree;
            String text = tree.text(receiver).replaceAll("\\s+", "");
            switch (Tree.type(receiver)) {
                case "identifier" -> {
                    ClassInfo created = created(receiver, scope);
                    if (created != null) {
                        return created;
                    }
                    String type = declared.of(receiver, scope);
                    if (type != null) {
                        return resolve(type, file, own);
                    }
                    return Character.isUpperCase(text.charAt(0)) ? resolve(text, file, own) : null; // Utils.encode(x)
                }
                case "field_access", "scoped_identifier" -> {
                    if (text.startsWith("this.")) {
                        return resolve(declared.of(receiver, scope), file, own);
                    }
                    return resolve(text, file, own); // org.example.Utils.encode(x), Outer.Inner.run(x)
                }
                case "method_invocation" -> {
                    Call inner = scope.syntax().call(receiver);
                    Target target = inner == null ? null : find(inner, scope, depth + 1);
                    return target == null || target.method().returnType() == null ? null
                            : resolve(target.method().returnType(), target.owner().file(), Map.of());
                }
                default -> {
                    return resolve(declared.of(receiver, scope), file, own); // new Helper(x), casts
                }
            }
        }

        /** {@code Base b = new Impl(); b.run(x)}: the class of the only objects the local is given ({@link LocalBindings}). */
        private ClassInfo created(Node local, Flow.Scope scope) {
            Tree tree = scope.syntax().tree;
            String type = bindings.computeIfAbsent(scope.function, f -> new LocalBindings(tree, f)).createdType(tree.text(local));
            return type == null ? null : resolve(type, file, own);
        }

        private ClassInfo enclosingClass(Node node, Flow.Scope scope) {
            for (Node p = node.getParent(); p != null; p = p.getParent()) {
                if (Tree.is(p, "class_declaration", "enum_declaration", "record_declaration")) {
                    return own.get(scope.syntax().tree.text(Tree.field(p, "name")));
                }
            }
            return null;
        }

        /** The method of the class or its superclasses; for an interface or abstract method, every implementation's, merged. */
        private Target lookup(ClassInfo type, String name, int arity, Flow.Scope scope) {
            Target found = inherited(type, name, arity, 0);
            if (found != null && found.method().node() == null && found.summary() == null || found == null && (type.isInterface() || type.isAbstract())) {
                return implementations(type, found, name, arity, scope);
            }
            return found == null ? null : new Target(found.owner(), found.method(), summaryOf(found.method(), scope));
        }

        private Target implementations(ClassInfo type, Target declaredIn, String name, int arity, Flow.Scope scope) {
            List<Summary> all = new ArrayList<>();
            for (ClassInfo c : concreteSubtypes(type)) {
                Target t = inherited(c, name, arity, 0);
                Summary s = t == null ? null : summaryOf(t.method(), scope);
                if (s == null) {
                    return null; // an implementation we cannot see: nothing certain
                }
                all.add(s);
            }
            if (all.isEmpty()) {
                return null;
            }
            Method method = declaredIn != null ? declaredIn.method() : new Method(name, arity, null, null, null);
            return new Target(declaredIn != null ? declaredIn.owner() : type, method, Summary.merge(all));
        }

        private Summary summaryOf(Method method, Flow.Scope scope) {
            return method.summary() != null ? method.summary() : method.node() != null ? scope.summaryOf(method.node()) : null;
        }
    }

    /** The method declared in the class or the nearest superclass that declares it. */
    private Target inherited(ClassInfo type, String name, int arity, int depth) {
        for (Method m : type.methods().getOrDefault(name, List.of())) {
            if (m.arity() == arity) {
                return new Target(type, m, m.summary());
            }
        }
        String parent = type.superclass();
        ClassInfo superclass = parent == null || depth > MAX_DEPTH ? null : resolve(parent, type.file(), Map.of());
        return superclass == null ? null : inherited(superclass, name, arity, depth + 1);
    }

    private List<ClassInfo> concreteSubtypes(ClassInfo type) {
        List<ClassInfo> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<ClassInfo> todo = new ArrayList<>(subtypes.getOrDefault(type.fqn(), List.of()));
        while (!todo.isEmpty() && seen.size() < 100) {
            ClassInfo c = todo.removeLast();
            if (seen.add(c.fqn())) {
                if (!c.isInterface() && !c.isAbstract()) {
                    out.add(c);
                }
                todo.addAll(subtypes.getOrDefault(c.fqn(), List.of()));
            }
        }
        return out;
    }

    /**
     * The project class a type name means in a file: one of the file's own classes, a qualified name,
     * an import, the file's package, or the one project class with that simple name. Null for a type
     * outside the project (an import of a library class says so) and for an ambiguous simple name.
     */
    private ClassInfo resolve(String typeName, FileNames file, Map<String, ClassInfo> own) {
        if (typeName == null || typeName.isEmpty() || typeName.equals("var")) {
            return null;
        }
        String text = typeName.replaceAll("(?s)<.*|\\[]|\\s+", "");
        ClassInfo found = own.get(text);
        if (found != null || (found = classes.get(text)) != null) {
            return found;
        }
        String simple = text.substring(text.lastIndexOf('.') + 1);
        String first = text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
        for (String imported : file.imports()) {
            if (imported.endsWith("." + first)) { // import a.b.Outer; Outer.Inner
                return classes.get(imported + text.substring(first.length()));
            }
        }
        if ((found = classes.get(file.pkg().isEmpty() ? text : file.pkg() + "." + text)) != null) {
            return found;
        }
        if (text.contains(".")) {
            return null; // qualified, and not a project class
        }
        for (String imported : file.imports()) {
            if (imported.endsWith(".*") && (found = classes.get(imported.substring(0, imported.length() - 1) + simple)) != null) {
                return found;
            }
        }
        List<ClassInfo> candidates = bySimple.getOrDefault(simple, List.of());
        return candidates.size() == 1 ? candidates.getFirst() : null;
    }

    /** A constructor call: the new object carries its arguments; a parameter that reaches a sink still counts. */
    private static Summary constructed(Summary constructor) {
        Summary s = new Summary();
        s.returnsTaint = true;
        s.returnsOther = true;
        s.arity = constructor.arity;
        s.paramSinks.putAll(constructor.paramSinks);
        s.fieldSinks.addAll(constructor.fieldSinks);
        return s;
    }
}
