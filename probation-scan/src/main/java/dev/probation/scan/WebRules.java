package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rules about a program talking to other hosts and browsers, for every language: certificate
 * validation turned off ({@link TlsChecks}, CWE-295), request data choosing where an outbound request
 * goes ({@link Ssrf}, CWE-918) or where a redirect sends the browser ({@link Redirects}, CWE-601),
 * and uploads saved under the name the client chose with no check of their type ({@link Uploads},
 * CWE-434). The language rules call in here; each rule class keeps to its own CWE.
 */
final class WebRules {

    private WebRules() {}

    static void call(Call call, Scope scope) {
        TlsChecks.call(call, scope);
        Ssrf.call(call, scope);
        Redirects.call(call, scope);
        Uploads.call(call, scope);
    }

    static void binding(Binding binding, Scope scope) {
        TlsChecks.binding(binding, scope);
    }

    static void file(Flow flow) {
        TlsChecks.file(flow);
        Uploads.file(flow);
    }

    /** Calls whose result cannot send a request or a browser elsewhere: the application's own routes. */
    static Set<Sink> sanitises(Call call) {
        return Redirects.ROUTE_BUILDERS.contains(call.name()) ? EnumSet.of(Sink.URL, Sink.REDIRECT) : Set.of();
    }
}
