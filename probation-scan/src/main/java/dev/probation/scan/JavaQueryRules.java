package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.Set;

/**
 * Query languages other than SQL: LDAP search filters (CWE-90) and XPath expressions (CWE-643).
 * Filter arguments ({@code search(base, "(uid={0})", new Object[] {name}, controls)}) and XPath
 * variables are the parameterised forms and stay clean; only the filter or expression text is a sink.
 */
final class JavaQueryRules {

    /** JNDI contexts: {@code search(name, filter, ...)}. */
    private static final Set<String> DIRECTORIES = Set.of("DirContext", "InitialDirContext", "LdapContext",
            "InitialLdapContext", "EventDirContext");
    /** Spring LDAP: {@code search(base, filter, mapper)}, {@code authenticate(base, filter, password)}. */
    private static final Set<String> TEMPLATES = Set.of("LdapTemplate", "LdapOperations");
    private static final Set<String> XPATHS = Set.of("XPath");
    /** XPath objects whose {@code evaluate} is XPath, not code (for the code-injection rule). */
    static final Set<String> XPATH_OBJECTS = Set.of("XPath", "XPathExpression");
    private static final Set<String> LDAP_ENCODERS = Set.of("encodeForLDAP", "encodeForDN", "filterEncode", "nameEncode",
            "encodeValue", "escapeLDAPSearchFilter", "escapeDN");
    /**
     * XPath and XML escapers: an XML-escaped value has its quotes as entities ({@code &apos;}), so it
     * cannot close the XPath string literal it is placed in (commons-lang, commons-lang3, commons-text, ESAPI).
     */
    private static final Set<String> XPATH_ENCODERS = Set.of("encodeForXPath", "escapeXPath", "escapeXml", "escapeXml10",
            "escapeXml11", "encodeForXML", "encodeForXMLAttribute");

    private final DeclaredTypes types;

    JavaQueryRules(DeclaredTypes types) {
        this.types = types;
    }

    void call(Call call, Scope scope) {
        String type = call.receiver() == null ? null : types.of(call.receiver(), scope);
        type = type == null ? "" : type;
        if (Rules.nameIs(call, "search") && DIRECTORIES.contains(type) && call.args().size() >= 2
                || Rules.nameIs(call, "search", "searchForObject", "authenticate", "searchForContext")
                && TEMPLATES.contains(type) && call.args().size() >= 2) {
            scope.sink(Sink.LDAP, call.arg(1), "CWE-90", "java.ldap-injection", call.node(), type + "." + call.name() + "() as the filter", false);
        }
        if (Rules.nameIs(call, "compile", "evaluate", "evaluateExpression") && XPATHS.contains(type)
                || Rules.nameIs(call, "selectNodes", "selectSingleNode", "createXPath") && call.receiver() != null) {
            scope.sink(Sink.XPATH, call.arg(0), "CWE-643", "java.xpath-injection", call.node(), call.callee() + "() as the expression", false);
        }
    }

    /** Escapers for LDAP filters and XPath string literals. */
    static Set<Sink> sanitises(Call call) {
        Set<Sink> sinks = EnumSet.noneOf(Sink.class);
        if (LDAP_ENCODERS.contains(call.name())) {
            sinks.add(Sink.LDAP);
        }
        if (XPATH_ENCODERS.contains(call.name())) {
            sinks.add(Sink.XPATH);
        }
        return sinks;
    }
}
