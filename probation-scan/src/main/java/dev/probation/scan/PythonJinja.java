package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jinja2's autoescape, followed from the template back to its environment. A template renders its
 * values escaped when it comes from {@code Environment(autoescape=True)} or
 * {@code autoescape=select_autoescape(...)} (strings, and .html/.htm/.xml files by default), from
 * Flask's {@code app.jinja_env}, or is a {@code Template(..., autoescape=True)}; then
 * {@code template.render(...)} is safe for HTML. A template from a default {@code Environment()},
 * {@code autoescape=False} or a bare {@code Template(src)} does not escape, and neither does any
 * template whose source marks values {@code |safe} or turns autoescape off: request data rendered
 * into such an HTML template is XSS (CWE-79).
 */
final class PythonJinja {

    /** What rendering a template does to its values. */
    enum Escaping { ESCAPES, RAW, UNKNOWN }

    private static final int MAX_DEPTH = 8;
    private static final Pattern RENDER = Pattern.compile("render|render_async|generate|stream");
    private static final Pattern UNSAFE_SOURCE = Pattern.compile("(?s).*(?:\\|\\s*safe\\b|autoescape\\s+false).*");
    private static final Pattern HTML_NAME = Pattern.compile("(?i).*\\.(?:html?|xml|xhtml|jinja2?|j2)['\"]?\\s*$");
    private static final Pattern ENVIRONMENT = Pattern.compile("(?:[\\w.]*\\.)?(?:Sandboxed|ImmutableSandboxed|Native)?Environment");

    /** A value bound to a name inside a function (or the module). */
    private record Bound(Node function, Node value) {}

    private final Syntax syntax;
    /** Every value the file binds to each name, with where. */
    private final Map<String, List<Bound>> bindings = new HashMap<>();

    PythonJinja(Syntax syntax) {
        this.syntax = syntax;
        index(syntax.tree.root(), syntax.tree.root());
    }

    private void index(Node node, Node function) {
        for (Binding b : syntax.bindings(node)) {
            bindings.computeIfAbsent(b.name(), n -> new ArrayList<>()).add(new Bound(function, b.value()));
        }
        for (Node child : Tree.named(node)) {
            index(child, syntax.isFunction(child) ? child : function);
        }
    }

    /** The values a name may have where it is used: those bound in the nearest function that binds it, else in the module. */
    private List<Node> values(Node use) {
        List<Bound> all = bindings.getOrDefault(syntax.tree.text(use), List.of());
        if (syntax.kind(use) == Syntax.Expr.MEMBER) {
            return all.stream().map(Bound::value).toList(); // self.env, set in __init__ and read in another method
        }
        for (Node f = syntax.enclosing(use); ; f = syntax.enclosing(f)) {
            Node function = f;
            List<Node> here = all.stream().filter(b -> b.function().equals(function)).map(Bound::value).toList();
            if (!here.isEmpty() || f == syntax.tree.root()) {
                return here;
            }
        }
    }

    static boolean isRender(Call call) {
        return call.receiver() != null && RENDER.matcher(call.name()).matches();
    }

    /** Whether rendering escapes the values, for a {@code .render(...)} call. */
    Escaping escaping(Call render) {
        return template(render.receiver(), 0);
    }

    /** Reports request data rendered into an HTML template that does not escape it. */
    void call(Call call, Scope scope) {
        if (!isRender(call) || escaping(call) != Escaping.RAW || !html(call.receiver(), 0)) {
            return;
        }
        List<Node> values = new ArrayList<>(call.args());
        values.addAll(call.keywords().values());
        for (Node value : values) {
            if (scope.sink(Sink.HTML, value, "CWE-79", "python.xss", call.node(), "a Jinja template that does not autoescape", false)) {
                return;
            }
        }
    }

    private Escaping template(Node node, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return Escaping.UNKNOWN;
        }
        if (syntax.kind(node) == Syntax.Expr.NAME || syntax.kind(node) == Syntax.Expr.MEMBER) {
            return each(node, depth, this::template);
        }
        Call call = syntax.call(node);
        if (call == null) {
            return Escaping.UNKNOWN;
        }
        if (call.name().equals("Template") && call.receiver() == null || call.callee().equals("jinja2.Template")) {
            if (unsafeSource(call.arg(0))) {
                return Escaping.RAW;
            }
            Node autoescape = call.keywords().get("autoescape");
            return autoescape != null && isOn(autoescape) ? Escaping.ESCAPES : Escaping.RAW;
        }
        if (Rules.nameIs(call, "from_string", "get_template", "select_template", "get_or_select_template") && call.receiver() != null) {
            if (call.name().equals("from_string") && unsafeSource(call.arg(0))) {
                return Escaping.RAW;
            }
            return environment(call.receiver(), call, depth + 1);
        }
        return Escaping.UNKNOWN;
    }

    /** Whether the environment a template came from escapes it. */
    private Escaping environment(Node node, Call loading, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return Escaping.UNKNOWN;
        }
        String text = syntax.tree.text(node).replaceAll("\\s+", "");
        if (text.endsWith("jinja_env") || text.endsWith("jinja_environment")) {
            return Escaping.ESCAPES; // Flask's environment autoescapes strings and .html/.htm/.xml/.xhtml templates
        }
        if (syntax.kind(node) == Syntax.Expr.NAME || syntax.kind(node) == Syntax.Expr.MEMBER) {
            if (syntax.tree.finds("(?<![\\w.])" + Pattern.quote(text) + "\\.autoescape\\s*=\\s*True")) {
                return Escaping.ESCAPES;
            }
            return each(node, depth, (value, d) -> environment(value, loading, d));
        }
        Call call = syntax.call(node);
        if (call == null || !ENVIRONMENT.matcher(call.callee()).matches()) {
            return Escaping.UNKNOWN;
        }
        Node autoescape = call.keywords().get("autoescape");
        if (autoescape == null || !isOn(autoescape)) {
            return Escaping.RAW;
        }
        Call select = syntax.call(autoescape);
        if (select == null) {
            return Escaping.ESCAPES;
        }
        // select_autoescape(enabled_extensions=('html', 'htm', 'xml'), default_for_string=True, default=False)
        String settings = syntax.tree.text(autoescape);
        if (loading.name().equals("from_string")) {
            return settings.matches("(?s).*default_for_string\\s*=\\s*False.*") ? Escaping.RAW : Escaping.ESCAPES;
        }
        String name = loading.arg(0) == null ? "" : syntax.tree.text(loading.arg(0));
        return HTML_NAME.matcher(name).matches() || settings.matches("(?s).*\\bdefault\\s*=\\s*True.*") ? Escaping.ESCAPES : Escaping.RAW;
    }

    /** Whether the template is HTML: its source holds a tag, or its file name says so. */
    private boolean html(Node node, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return false;
        }
        if (syntax.kind(node) == Syntax.Expr.NAME || syntax.kind(node) == Syntax.Expr.MEMBER) {
            for (Node value : values(node)) {
                if (html(value, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        Call call = syntax.call(node);
        if (call == null || call.arg(0) == null) {
            return false;
        }
        String source = syntax.stringValue(call.arg(0));
        if (source == null && syntax.kind(call.arg(0)) == Syntax.Expr.NAME) {
            source = syntax.tree.constant(syntax.tree.text(call.arg(0)));
        }
        return source != null && (Rules.looksLikeHtml(source) || HTML_NAME.matcher(source).matches());
    }

    private boolean unsafeSource(Node source) {
        if (source == null) {
            return false;
        }
        String text = syntax.stringValue(source);
        if (text == null && syntax.kind(source) == Syntax.Expr.NAME) {
            text = syntax.tree.constant(syntax.tree.text(source));
        }
        return text != null && UNSAFE_SOURCE.matcher(text).matches();
    }

    private static boolean isOn(Node autoescape) {
        return !Tree.is(autoescape, "false", "none");
    }

    /** The escaping of every value bound to a name, when they agree. */
    private Escaping each(Node name, int depth, java.util.function.BiFunction<Node, Integer, Escaping> of) {
        Escaping found = null;
        for (Node value : values(name)) {
            Escaping e = of.apply(value, depth + 1);
            if (found != null && found != e) {
                return Escaping.UNKNOWN;
            }
            found = e;
        }
        return found == null ? Escaping.UNKNOWN : found;
    }
}
