package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Servlet API misuse: a cookie sent without the Secure flag (CWE-614), request data stored in the
 * session, where the rest of the application trusts it (CWE-501), and request data in the message of
 * {@code response.sendError(code, message)}, which containers put into their HTML error page (CWE-79,
 * Juliet's CWE-81). Receivers are recognised by their declared type ({@link DeclaredTypes}), not their names.
 */
final class JavaServletRules {

    private static final Set<String> COOKIES = Set.of("Cookie");
    private static final Set<String> SESSIONS = Set.of("HttpSession");
    private static final Set<String> RESPONSES = Set.of("HttpServletResponse", "HttpServletResponseWrapper");
    /** Declared types that hold the request's text as it came. */
    private static final Set<String> TEXT = Set.of("String", "CharSequence", "Object", "StringBuilder", "StringBuffer", "String[]");

    private final DeclaredTypes types;

    JavaServletRules(DeclaredTypes types) {
        this.types = types;
    }

    void call(Call call, Scope scope) {
        if (Rules.nameIs(call, "sendError") && call.args().size() == 2 && response(call.receiver(), scope)) {
            scope.sink(Sink.HTML, call.arg(1), "CWE-79", "java.xss", call.node(), call.callee() + "()'s error page", false);
        }
        if (Rules.nameIs(call, "addCookie") && call.args().size() == 1) {
            cookie(call, scope);
        }
        if (Rules.nameIs(call, "setAttribute", "putValue") && call.args().size() == 2
                && types.is(call.receiver(), scope, SESSIONS)) {
            for (Node arg : call.args()) { // the attribute's name or its value
                if (applicationObject(arg, scope)) {
                    continue;
                }
                if (scope.sink(Sink.SESSION, arg, "CWE-501", "java.trust-boundary", call.node(), "the HTTP session", false)) {
                    break;
                }
            }
        }
    }

    /** A servlet response, by its declared type; where that is unknown (a getter's result), by its name. */
    private boolean response(Node receiver, Scope scope) {
        String type = receiver == null ? null : types.of(receiver, scope);
        return type != null ? RESPONSES.contains(type) : receiver != null && scope.text(receiver).matches("(?i).*resp.*");
    }

    /**
     * A variable of the application's own type ({@code ShoppingCart cart = (ShoppingCart) in.readObject()}):
     * how it was built from the request is the finding (deserialisation, binding), not the session.
     */
    private boolean applicationObject(Node arg, Scope scope) {
        String type = Tree.is(arg, "identifier") ? types.of(arg, scope) : null;
        return type != null && !TEXT.contains(type) && !type.equals("var");
    }

    /**
     * {@code response.addCookie(c)} where the method never calls {@code c.setSecure(true)}, or calls
     * {@code c.setSecure(false)}. A cookie being deleted ({@code setMaxAge(0)}) carries nothing.
     */
    private void cookie(Call call, Scope scope) {
        Node cookie = call.arg(0);
        boolean created = Tree.is(cookie, "object_creation_expression") && types.is(cookie, scope, COOKIES);
        if (!created && !(Tree.is(cookie, "identifier") && types.is(cookie, scope, COOKIES))) {
            return;
        }
        List<String> secure = new ArrayList<>();
        boolean deleted = false;
        if (!created) {
            String name = scope.text(cookie);
            for (Call set : calls(declaringBlock(call.node(), name, scope), scope, name)) {
                String value = set.arg(0) == null ? "" : scope.text(set.arg(0)).replace("Boolean.", "").strip();
                if (Rules.nameIs(set, "setSecure")) {
                    secure.add(value.toLowerCase(java.util.Locale.ROOT));
                } else if (Rules.nameIs(set, "setMaxAge") && value.equals("0")) {
                    deleted = true;
                }
            }
        }
        if (deleted) {
            return;
        }
        if (secure.contains("false") || !secure.contains("true")) {
            scope.report("CWE-614", "java.insecure-cookie", call.node(), "cookie " + scope.text(cookie) + " is sent "
                    + (secure.contains("false") ? "with setSecure(false)" : "without setSecure(true)")
                    + ", so it also travels over plain HTTP; call setSecure(true)");
        }
    }

    /**
     * The innermost block around {@code at} that declares the local {@code name}, else the method: two
     * branches may each declare their own {@code cookie}, and only one of them sets it secure.
     */
    private static Node declaringBlock(Node at, String name, Scope scope) {
        for (Node p = at.getParent(); p != null && p != scope.function; p = p.getParent()) {
            if (!Tree.is(p, "block")) {
                continue;
            }
            for (Node statement : Tree.named(p)) {
                if (Tree.is(statement, "local_variable_declaration")) {
                    for (Node declarator : Tree.named(statement)) {
                        Node declared = Tree.is(declarator, "variable_declarator") ? Tree.field(declarator, "name") : null;
                        if (declared != null && scope.text(declared).equals(name)) {
                            return p;
                        }
                    }
                }
            }
        }
        return scope.function;
    }

    /** The calls made on a variable in the node: {@code name.setSecure(...)}. */
    private static List<Call> calls(Node node, Scope scope, String name) {
        List<Call> out = new ArrayList<>();
        for (Node child : Tree.named(node)) {
            Call c = scope.syntax().call(child);
            if (c != null && c.receiver() != null && Tree.is(c.receiver(), "identifier") && scope.text(c.receiver()).equals(name)) {
                out.add(c);
            }
            out.addAll(calls(child, scope, name));
        }
        return out;
    }
}
