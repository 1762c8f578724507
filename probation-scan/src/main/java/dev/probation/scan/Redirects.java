package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.Set;

/**
 * CWE-601, open redirect: request data choosing where a redirect sends the browser. Python: Flask's
 * and Django's {@code redirect(x)}, {@code HttpResponseRedirect(x)}, Starlette's
 * {@code RedirectResponse(x)}. Java: {@code response.sendRedirect(x)}, a {@code Location} header,
 * Spring's {@code RedirectView(x)}. JavaScript: Express {@code res.redirect(x)} (also with a status
 * first), Koa {@code ctx.redirect}, Fastify {@code reply.redirect}, a {@code Location} header.
 * <p>
 * Safe: a URL the application builds from its own routes ({@code url_for}, {@code reverse}), a
 * relative path with a fixed first segment, and the checks of {@link UrlChecks} (allow-lists,
 * {@code url_has_allowed_host_and_scheme}, relative-only checks that also refuse {@code //}).
 */
final class Redirects {

    static final String CWE = "CWE-601";
    /** Builders of the application's own URLs. */
    static final Set<String> ROUTE_BUILDERS = Set.of("url_for", "reverse", "reverse_lazy", "url_path_for");
    private static final Set<String> PY_REDIRECTS = Set.of("redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect",
            "RedirectResponse", "flask.redirect", "shortcuts.redirect");
    private static final String RESPONSE = "(?s)(?:res|resp|response|reply|ctx|h|this\\.response|httpResponse|servletResponse|\\w*[Rr]esponse)";

    private Redirects() {}

    static void call(Call call, Scope scope) {
        switch (scope.syntax().tree.language()) {
            case PYTHON -> {
                if (PY_REDIRECTS.contains(call.callee()) || PY_REDIRECTS.contains(call.name()) && call.receiver() != null
                        && scope.text(call.receiver()).matches("flask|shortcuts|django\\.shortcuts|responses")) {
                    Node to = call.keywords().getOrDefault("url", call.keywords().getOrDefault("location", call.arg(0)));
                    report(to, call, scope, "python.open-redirect");
                }
            }
            case JAVA -> {
                if (Rules.nameIs(call, "sendRedirect") && call.receiver() != null) {
                    report(call.arg(0), call, scope, "java.open-redirect");
                } else if (call.constructor() && Rules.nameIs(call, "RedirectView", "ModelAndView") && call.arg(0) != null
                        && (Rules.nameIs(call, "RedirectView") || scope.text(call.arg(0)).startsWith("\"redirect:"))) {
                    report(call.arg(0), call, scope, "java.open-redirect");
                } else {
                    locationHeader(call, scope, "java.open-redirect");
                }
            }
            case JAVASCRIPT, TYPESCRIPT -> {
                if (Rules.nameIs(call, "redirect", "location") && call.receiver() != null && scope.text(call.receiver()).matches(RESPONSE)) {
                    report(call.args().isEmpty() ? null : call.args().getLast(), call, scope, "js.open-redirect");
                } else {
                    locationHeader(call, scope, "js.open-redirect");
                }
            }
        }
    }

    /** {@code setHeader("Location", x)}, {@code addHeader}, {@code header}, {@code set}. */
    private static void locationHeader(Call call, Scope scope, String rule) {
        if (Rules.nameIs(call, "setHeader", "addHeader", "header", "set") && call.receiver() != null && call.args().size() == 2
                && scope.text(call.arg(0)).replaceAll("['\"`]", "").equalsIgnoreCase("location")) {
            report(call.arg(1), call, scope, rule);
        }
    }

    private static void report(Node to, Call call, Scope scope, String rule) {
        if (to == null || UrlChecks.fixedHost(to, scope, true)) {
            return;
        }
        Taint t = scope.taint(to).withoutConfig().toward(Sink.REDIRECT);
        // a helper's parameter passed whole: not reported here, but recorded so that a caller passing request data is
        if (t.external() || t.isTainted() && !t.composed() && t.flows().stream().allMatch(f -> f.origin().what().startsWith("parameter '") || JavaFields.field(f.origin()) != null)) {
            scope.sink(Sink.REDIRECT, to, CWE, rule, call.node(), call.callee() + "()", false);
        }
    }
}
