package dev.probation.scan;

import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields a Java method reads but does not set: {@code String data = dataBad;} (a field of its class),
 * {@code this.name}, {@code Other.data} (a static field of another class). Such a read is an implicit
 * input of the method, like a parameter: its origin is {@code field 'Class.name'}, never reported
 * where it is read, but recorded in the method's summary (a sink it reaches, or the returned value),
 * so that each caller is judged by what it stored in the field before the call. A bad path that
 * stores request data and a good path that stores a constant in the same field then differ, as they
 * should. Fields set in one method and read in another that no known caller reaches keep the
 * file-wide view of {@link Flow#fields}; {@code static final} fields and names in capitals are
 * constants, not inputs.
 */
final class JavaFields {

    private static final String PREFIX = "field '";
    /** JDK classes whose static members are not the project's state. */
    private static final Set<String> JDK = Set.of("System", "Math", "Locale", "Level", "StandardCharsets", "TimeUnit",
            "Boolean", "Integer", "Long", "Double", "Character", "String", "Thread", "Runtime");

    /** A sink a field read in the method reaches: callers that set the field are judged by it. */
    record FieldSink(String field, Summary.ParamSink sink, boolean composed) {}

    private final Flow.Scope scope;
    /** The simple name of the class declaring the method. */
    private final String owner;
    /** The class's fields: name to whether it is final. */
    private final Map<String, Boolean> declared = new HashMap<>();
    /** What the enclosing code knew of each field (its initialiser), taken out of the method's names. */
    private final Map<String, Taint> initial = new HashMap<>();
    private Set<String> locals;

    private JavaFields(Flow.Scope scope, Node type, Map<String, Taint> env) {
        this.scope = scope;
        Tree tree = scope.syntax().tree;
        this.owner = tree.text(Tree.field(type, "name"));
        Node body = Tree.field(type, "body");
        for (Node member : body == null ? List.<Node>of() : Tree.named(body)) {
            if (Tree.is(member, "field_declaration")) {
                boolean isFinal = Tree.named(member).stream().anyMatch(m -> Tree.is(m, "modifiers") && tree.text(m).matches("(?s).*\\bfinal\\b.*"));
                for (Node d : Tree.named(member)) {
                    if (Tree.is(d, "variable_declarator") && Tree.field(d, "name") != null) {
                        declared.put(tree.text(Tree.field(d, "name")), isFinal);
                    }
                }
            }
        }
        for (String name : declared.keySet()) {
            Taint known = env.remove(name);
            if (known != null) {
                initial.put(name, known);
            }
        }
    }

    /** For a method or constructor of a named class; null elsewhere (a lambda keeps its method's view). */
    static JavaFields of(Flow.Scope scope, Node function, Map<String, Taint> env) {
        Node body = function.getParent();
        Node type = body == null ? null : body.getParent();
        if (scope.syntax().tree.language() != Language.JAVA || !Tree.is(function, "method_declaration", "constructor_declaration")
                || type == null || !Tree.is(type, "class_declaration", "enum_declaration", "record_declaration")) {
            return null;
        }
        return new JavaFields(scope, type, env);
    }

    static Origin input(String field, int line) {
        return new Origin(PREFIX + field + "'", line, false);
    }

    /** The field an origin stands for ({@code Class.name}), or null when it is not a field input. */
    static String field(Origin origin) {
        String what = origin.what();
        return !origin.external() && what.startsWith(PREFIX) ? what.substring(PREFIX.length(), what.length() - 1) : null;
    }

    /** The taint without the field inputs: what can be reported where the field is read. */
    static Taint withoutInputs(Taint t) {
        if (t.flows().stream().noneMatch(f -> field(f.origin()) != null)) {
            return t;
        }
        List<Taint.Flow> rest = t.flows().stream().filter(f -> field(f.origin()) == null).toList();
        return rest.isEmpty() ? Taint.CLEAN : new Taint(rest, t.composed());
    }

    /** A name the method does not bind: one of the class's fields, or null. */
    Taint bare(String name, int line) {
        Boolean isFinal = declared.get(name);
        if (isFinal == null) {
            return null;
        }
        Taint t = initial.getOrDefault(name, Taint.CLEAN).join(scope.flow().fields.getOrDefault("this." + name, Taint.CLEAN));
        return isFinal || constant(name) ? t : t.join(Taint.of(input(owner + "." + name, line)));
    }

    /** {@code this.name} or {@code Type.name}, not bound in the method: a field input, or null for anything else. */
    Taint member(String text, int line) {
        int dot = text.lastIndexOf('.');
        String object = dot < 0 ? "" : text.substring(0, dot);
        String name = text.substring(dot + 1);
        if (object.equals("this") || object.equals(owner)) {
            return bare(name, line);
        }
        String type = object.substring(object.lastIndexOf('.') + 1);
        if (!type.matches("[A-Z]\\w*") || JDK.contains(type) || constant(name) || !name.matches("\\w+")) {
            return null;
        }
        return Taint.of(input(type + "." + name, line));
    }

    private static boolean constant(String name) {
        return name.matches("[A-Z][A-Z0-9_]*");
    }

    /** What the method holds in a field at a call: what it stored there, else what it was given (its own input). */
    Taint at(String field, int line) {
        String type = field.substring(0, field.indexOf('.'));
        String name = field.substring(field.indexOf('.') + 1);
        Taint stored = scope.env.get(field);
        if (stored == null && type.equals(owner)) {
            stored = scope.env.get("this." + name);
            if (stored == null && !locals().contains(name)) {
                stored = scope.env.get(name);
            }
            if (stored == null) {
                stored = bare(name, line);
            }
        }
        return stored != null ? stored : Taint.of(input(field, line));
    }

    /** A call to a method whose field inputs reach sinks: judged by what this method put in the fields. */
    void called(Call call, Summary callee) {
        int line = Tree.line(call.node()) + scope.flow().lineOffset;
        for (FieldSink s : callee.fieldSinks) {
            Taint t = at(s.field(), line);
            scope.sink(s.sink().sink(), t, s.sink().cwe(), s.sink().rule(), call.node(),
                    s.sink().where() + " in " + call.name() + "() (line " + s.sink().line() + ")", s.composed());
        }
    }

    /** The names the method declares (parameters, locals): they hide a field of the same name. */
    private Set<String> locals() {
        if (locals == null) {
            locals = new HashSet<>();
            scope.syntax().parameters(scope.function).forEach(p -> locals.add(p.name()));
            List<Node> todo = new ArrayList<>(List.of(scope.function));
            while (!todo.isEmpty()) {
                Node n = todo.removeLast();
                todo.addAll(Tree.named(n));
                if (Tree.is(n, "variable_declarator", "enhanced_for_statement", "catch_formal_parameter", "resource")
                        && Tree.field(n, "name") != null) {
                    locals.add(scope.text(Tree.field(n, "name")));
                }
            }
        }
        return locals;
    }
}
