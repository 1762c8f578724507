package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-295, certificate validation turned off, so that anyone on the path can read and change the
 * traffic. Reported wherever it is written, whatever the data:
 * <ul>
 *   <li>Python: {@code verify=False} on requests, httpx and their sessions and clients,
 *       {@code session.verify = False}, {@code ssl._create_unverified_context},
 *       {@code verify_mode = ssl.CERT_NONE}, {@code cert_reqs=ssl.CERT_NONE} (or {@code 'CERT_NONE'}),
 *       {@code check_hostname = False};</li>
 *   <li>Java: an {@code X509TrustManager} whose {@code checkServerTrusted} does nothing, a
 *       {@code HostnameVerifier} that returns true (method or lambda), {@code ALLOW_ALL_HOSTNAME_VERIFIER},
 *       {@code NoopHostnameVerifier}, {@code AllowAllHostnameVerifier}, {@code TrustAllStrategy};</li>
 *   <li>JavaScript: {@code rejectUnauthorized: false} (https agents, axios, tls, got),
 *       {@code strictSSL: false}, {@code NODE_TLS_REJECT_UNAUTHORIZED = '0'}, a
 *       {@code checkServerIdentity} that accepts everything.</li>
 * </ul>
 */
final class TlsChecks {

    static final String CWE = "CWE-295";
    private static final Set<String> PY_VERIFYING = Set.of("requests", "httpx", "session", "client", "s", "http", "sess");
    private static final Pattern JAVA_ALLOW_ALL = Pattern.compile(
            "ALLOW_ALL_HOSTNAME_VERIFIER|NoopHostnameVerifier|AllowAllHostnameVerifier|TrustAllStrategy");

    private TlsChecks() {}

    static void call(Call call, Scope scope) {
        switch (scope.syntax().tree.language()) {
            case PYTHON -> python(call, scope);
            case JAVA -> java(call, scope);
            case JAVASCRIPT, TYPESCRIPT -> { }
        }
    }

    private static void python(Call call, Scope scope) {
        Node verify = call.keywords().get("verify");
        if (verify != null && scope.text(verify).equals("False") && verifies(call, scope)) {
            scope.report(CWE, "python.tls-unverified", call.node(), call.callee() + "(verify=False) accepts any certificate; "
                    + "leave verify on, or pass the CA bundle's path");
        }
        Node certReqs = call.keywords().get("cert_reqs");
        if (certReqs != null && scope.text(certReqs).matches("(?:ssl\\.)?CERT_NONE|['\"]CERT_NONE['\"]")) {
            scope.report(CWE, "python.tls-unverified", call.node(), "cert_reqs=CERT_NONE accepts any certificate; use CERT_REQUIRED");
        }
        if (Rules.calleeIs(call, "ssl._create_unverified_context", "_create_unverified_context")) {
            scope.report(CWE, "python.tls-unverified", call.node(), "ssl._create_unverified_context() checks neither certificate "
                    + "nor host name; use ssl.create_default_context()");
        }
    }

    /** requests.get(..., verify=False), httpx.Client(verify=False), session.post(..., verify=False). */
    private static boolean verifies(Call call, Scope scope) {
        String root = call.callee().split("\\.", 2)[0];
        return PY_VERIFYING.contains(root) || call.receiver() != null && scope.text(call.receiver()).matches("(?i).*(?:session|client).*")
                || Rules.nameIs(call, "Client", "AsyncClient", "Session", "request", "urlopen");
    }

    private static void java(Call call, Scope scope) {
        if (Rules.nameIs(call, "setHostnameVerifier", "setDefaultHostnameVerifier", "setSSLHostnameVerifier", "hostnameVerifier")
                && call.arg(0) != null) {
            Node verifier = call.arg(0);
            String text = scope.text(verifier).replaceAll("\\s+", "");
            if (Tree.is(verifier, "lambda_expression") && text.matches("(?s).*->(?:true|\\{returntrue;})")) {
                scope.report(CWE, "java.tls-unverified", call.node(), "a HostnameVerifier that returns true accepts a certificate "
                        + "for any host; use the default verifier");
            }
        }
    }

    static void binding(Binding b, Scope scope) {
        String name = b.name();
        if (!name.endsWith("verify_mode") && !name.endsWith("check_hostname") && !name.endsWith("verify")
                && !name.endsWith("_create_default_https_context") && !name.startsWith("process.env")) {
            return; // most bindings: the value's text is not needed
        }
        String value = scope.text(b.value()).strip();
        String rule = scope.syntax().tree.language().id() + ".tls-unverified";
        if (b.name().endsWith("verify_mode") && value.matches("(?:ssl\\.)?CERT_NONE")) {
            scope.report(CWE, rule, b.target().getParent(), "verify_mode = CERT_NONE accepts any certificate; use CERT_REQUIRED");
        } else if (b.name().endsWith("check_hostname") && value.equals("False")) {
            scope.report(CWE, rule, b.target().getParent(), "check_hostname = False accepts a certificate for any host");
        } else if (b.name().endsWith(".verify") && value.equals("False") && scope.syntax().tree.language() == Language.PYTHON) {
            scope.report(CWE, rule, b.target().getParent(), b.name() + " = False turns certificate checks off for every request");
        } else if (b.name().endsWith("_create_default_https_context") && value.endsWith("_create_unverified_context")) {
            scope.report(CWE, rule, b.target().getParent(), "every HTTPS connection is made without checking certificates");
        } else if (b.name().matches("process\\.env(?:\\.NODE_TLS_REJECT_UNAUTHORIZED|\\[['\"]NODE_TLS_REJECT_UNAUTHORIZED['\"]\\])")
                && value.matches("['\"`]?0['\"`]?")) {
            scope.report(CWE, rule, b.target().getParent(), "NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for "
                    + "the whole process");
        }
    }

    /** Object properties (JavaScript) and trust managers and verifiers (Java), wherever they are. */
    static void file(Flow flow) {
        if (flow.tree.language() == Language.PYTHON) {
            return;
        }
        walk(flow.tree.root(), flow);
    }

    private static void walk(Node node, Flow flow) {
        Tree tree = flow.tree;
        String rule = tree.language().id() + ".tls-unverified";
        if (Tree.is(node, "pair")) {
            String key = tree.text(Tree.field(node, "key")).replaceAll("['\"]", "");
            String value = tree.text(Tree.field(node, "value")).strip();
            if (key.equals("rejectUnauthorized") && value.equals("false") || key.equals("strictSSL") && value.equals("false")) {
                flow.report(CWE, rule, node, key + ": false accepts any certificate; pass the CA (ca: ...) instead");
            } else if (key.equals("checkServerIdentity") && value.matches("(?s)\\(?[^)]*\\)?\\s*=>\\s*(?:undefined|null|\\{\\s*\\}|\\{\\s*return\\s*;?\\s*\\})")) {
                flow.report(CWE, rule, node, "a checkServerIdentity that returns nothing accepts a certificate for any host");
            }
        } else if (Tree.is(node, "method_declaration")) {
            javaMethod(node, flow, rule);
        } else if (Tree.is(node, "identifier", "type_identifier") && tree.language() == Language.JAVA && JAVA_ALLOW_ALL.matcher(tree.text(node)).matches()) {
            flow.report(CWE, rule, node, tree.text(node) + " accepts a certificate for any host; use the default verifier");
        } else if (Tree.is(node, "import_declaration", "comment", "line_comment", "block_comment")) {
            return; // importing a verifier is not using it
        }
        for (Node child : Tree.named(node)) {
            walk(child, flow);
        }
    }

    /** {@code checkServerTrusted} that neither throws nor delegates; {@code verify(host, session)} that returns true. */
    private static void javaMethod(Node method, Flow flow, String rule) {
        Tree tree = flow.tree;
        String name = tree.text(Tree.field(method, "name"));
        Node body = Tree.field(method, "body");
        if (body == null) {
            return;
        }
        String code = tree.text(body).replaceAll("(?s)//[^\\n]*|/\\*.*?\\*/", "").replaceAll("\\s+", "");
        if (name.equals("checkServerTrusted") && (code.equals("{}") || code.equals("{return;}"))) {
            flow.report(CWE, rule, method, "checkServerTrusted does nothing, so this trust manager accepts any certificate; "
                    + "use the default TrustManagerFactory");
        } else if (name.equals("verify") && code.equals("{returntrue;}") && tree.text(method).contains("SSLSession")) {
            flow.report(CWE, rule, method, "a HostnameVerifier that returns true accepts a certificate for any host");
        }
    }
}
