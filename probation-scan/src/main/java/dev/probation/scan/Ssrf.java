package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-918, server-side request forgery: request data choosing the URL or host of a request the
 * server makes. Python: requests, httpx, urllib's {@code urlopen}/{@code Request}, aiohttp and
 * httpx clients and sessions. Java: {@code new URL(x).openConnection()/openStream()},
 * {@code HttpRequest.newBuilder(URI.create(x))} and {@code .uri(...)}, RestTemplate, OkHttp's
 * {@code Request.Builder().url(x)}, Apache {@code HttpGet(x)}, Jsoup. JavaScript: {@code fetch},
 * axios, {@code http(s).get/request}, got, needle, superagent.
 * <p>
 * Only request data counts (not the environment, the command line or a plain function's parameter:
 * a program's configuration chooses its hosts), and a URL whose scheme and host are literal up to a
 * '/', '?' or '#' is not reported: the request data is then only in its path or query
 * ({@link UrlChecks#fixedHost}). {@code urljoin(BASE, x)} is reported, since an absolute x replaces the host.
 */
final class Ssrf {

    static final String CWE = "CWE-918";
    private static final Set<String> VERBS = Set.of("get", "post", "put", "delete", "patch", "head", "options", "request", "stream");
    private static final Set<String> PY_MODULES = Set.of("requests", "httpx", "urllib3", "aiohttp");
    private static final Set<String> PY_FUNCTIONS = Set.of("urlopen", "urllib.request.urlopen", "urllib2.urlopen", "Request",
            "urllib.request.Request", "requests.request", "httpx.request");
    private static final Pattern CLIENT = Pattern.compile("(?i)(?:[\\w.]*\\.)?(?:session|client|http|sess|s|pool|conn)");
    private static final Pattern REST = Pattern.compile("(?i)(?:[\\w.]*\\.)?\\w*(?:rest|template|client)\\w*");
    private static final Set<String> REST_METHODS = Set.of("getForObject", "getForEntity", "postForObject", "postForEntity",
            "postForLocation", "exchange", "execute", "headForHeaders", "optionsForAllow", "patchForObject");
    private static final Set<String> JS_CLIENTS = Set.of("axios", "got", "needle", "superagent", "request", "http", "https", "ky",
            "undici", "nodeFetch", "fetch");

    /** Browser sources: a page's own fetch is not a request the server makes. */
    private static final Pattern CLIENT_SIDE = Pattern.compile(
            "(?s)(?:event|e)\\.data.*|.*\\b(?:location|document|window|localStorage|sessionStorage|navigator)\\b.*");

    private Ssrf() {}

    static void call(Call call, Scope scope) {
        switch (scope.syntax().tree.language()) {
            case PYTHON -> python(call, scope);
            case JAVA -> java(call, scope);
            case JAVASCRIPT, TYPESCRIPT -> js(call, scope);
        }
    }

    private static void python(Call call, Scope scope) {
        String callee = call.callee();
        int dot = callee.indexOf('.');
        String module = dot < 0 ? "" : callee.substring(0, dot);
        boolean moduleVerb = PY_MODULES.contains(module) && VERBS.contains(call.name()) && callee.indexOf('.', dot + 1) < 0;
        boolean clientVerb = call.receiver() != null && VERBS.contains(call.name()) && !PY_MODULES.contains(module)
                && CLIENT.matcher(scope.text(call.receiver())).matches();
        if (!moduleVerb && !clientVerb && !PY_FUNCTIONS.contains(callee)) {
            return;
        }
        boolean methodFirst = call.name().equals("request") && !callee.endsWith("Request");
        Node url = call.keywords().getOrDefault("url", call.arg(methodFirst ? 1 : 0));
        report(url, call, scope, "python.ssrf");
    }

    private static void java(Call call, Scope scope) {
        String name = call.name();
        if (Rules.nameIs(call, "openConnection", "openStream") && call.receiver() != null) {
            Call inner = scope.syntax().call(call.receiver());
            boolean made = inner != null && inner.constructor() && Rules.nameIs(inner, "URL");
            String receiver = scope.text(call.receiver());
            if (made || receiver.matches("[\\w$]+") && scope.functionFinds("\\bURL\\s+" + receiver + "\\b|\\b" + receiver + "\\s*=\\s*new\\s+URL\\(")) {
                report(made ? inner.arg(0) : call.receiver(), call, scope, "java.ssrf");
            }
        } else if (call.constructor() && Rules.nameIs(call, "HttpGet", "HttpPost", "HttpPut", "HttpDelete", "HttpHead", "HttpPatch")
                || Rules.calleeIs(call, "HttpRequest.newBuilder", "Jsoup.connect") && call.arg(0) != null
                || Rules.nameIs(call, "uri", "url") && call.receiver() != null && call.args().size() == 1
                        && scope.text(call.receiver()).matches("(?s).*(?:newBuilder\\(|Builder\\(|\\.get\\(\\)|\\.post\\(\\)|builder|Builder|webClient|client).*")) {
            report(unwrapUri(call.arg(0), scope), call, scope, "java.ssrf");
        } else if (REST_METHODS.contains(name) && call.receiver() != null && REST.matcher(scope.text(call.receiver())).matches()) {
            report(unwrapUri(call.arg(0), scope), call, scope, "java.ssrf");
        }
    }

    /** {@code URI.create(x)}, {@code new URI(x)}: x. */
    private static Node unwrapUri(Node node, Scope scope) {
        Call inner = node == null ? null : scope.syntax().call(node);
        if (inner != null && (Rules.calleeIs(inner, "URI.create") || inner.constructor() && Rules.nameIs(inner, "URI", "URL"))
                && inner.args().size() == 1) {
            return inner.arg(0);
        }
        return node;
    }

    private static void js(Call call, Scope scope) {
        String callee = call.callee();
        String root = callee.contains(".") ? callee.substring(0, callee.indexOf('.')) : callee;
        boolean direct = call.receiver() == null && Set.of("fetch", "axios", "got", "needle", "ky", "nodeFetch", "superagent").contains(callee);
        boolean verb = call.receiver() != null && JS_CLIENTS.contains(root) && callee.indexOf('.') == callee.lastIndexOf('.')
                && (VERBS.contains(call.name()) || Rules.nameIs(call, "getStream", "stream"));
        if (!direct && !verb) {
            return;
        }
        Node url = call.arg(0);
        if (url != null && Tree.is(url, "object")) { // axios({ url: x })
            url = property(url, "url", scope);
        }
        report(url, call, scope, "js.ssrf");
    }

    private static Node property(Node object, String key, Scope scope) {
        for (Node pair : Tree.named(object)) {
            Node k = Tree.field(pair, "key");
            if (Tree.is(pair, "pair") && k != null && scope.text(k).replaceAll("['\"]", "").equals(key)) {
                return Tree.field(pair, "value");
            }
        }
        return null;
    }

    private static void report(Node url, Call call, Scope scope, String rule) {
        if (url == null || UrlChecks.fixedHost(url, scope, false)) {
            return;
        }
        Taint t = scope.taint(url).withoutConfig().toward(Sink.URL);
        if (t.flows().stream().anyMatch(f -> f.origin().external() && !CLIENT_SIDE.matcher(f.origin().what()).matches())) {
            scope.sink(Sink.URL, url, CWE, rule, call.node(), call.callee() + "()", false);
        }
    }
}
