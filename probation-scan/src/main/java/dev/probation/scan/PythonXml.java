package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-611 in Python. Three cases, from the most to the least certain:
 * <ul>
 *   <li>a parser told to fetch external entities: lxml's {@code XMLParser(resolve_entities=True)},
 *       or a SAX/pulldom parser with {@code feature_external_ges} (or {@code _pes}) set to true:
 *       reported wherever it is made;</li>
 *   <li>lxml's {@code parse}/{@code fromstring}/{@code XML}/{@code iterparse} with its default
 *       parser on anything but a constant: lxml resolved external entities by default before 5.0,
 *       and code rarely pins the version. A parser with {@code resolve_entities=False} is safe;</li>
 *   <li>the standard library's parsers ({@code xml.etree}, {@code minidom}, {@code sax},
 *       {@code pulldom}) on request data: Python documents them as "not secure against maliciously
 *       constructed data" (entity expansion; external entities where {@code feature_external_ges} is
 *       on, the default before 3.7.1) and points to defusedxml. Configuration files, parameters of a
 *       plain function and the command line do not count.</li>
 * </ul>
 * defusedxml's modules are safe.
 */
final class PythonXml {

    static final String CWE = "CWE-611";
    private static final String RULE = "python.xxe";

    private static final Set<String> LXML_PARSE = Set.of("parse", "fromstring", "XML", "iterparse", "XMLID", "fromstringlist");
    private static final Set<String> STDLIB_PARSE = Set.of("parse", "parseString", "fromstring", "XML", "iterparse", "fromstringlist",
            "XMLID");
    private static final Pattern STDLIB_MODULE = Pattern.compile("xml\\.(?:etree\\.(?:c?ElementTree)|dom\\.(?:minidom|pulldom|expatbuilder)|sax)");
    /** Names used without an import (a snippet often leaves its imports out), by what they usually stand for. */
    private static final Map<String, String> USUAL = Map.of("etree", "lxml.etree", "ET", "xml.etree.ElementTree",
            "ElementTree", "xml.etree.ElementTree", "minidom", "xml.dom.minidom", "pulldom", "xml.dom.pulldom", "sax", "xml.sax");
    private static final Pattern EXTERNAL_FEATURE = Pattern.compile(
            "(?s).*(?:feature_external_[gp]es|external-(?:general|parameter)-entities['\"]).*");

    private PythonXml() {}

    static void call(Call call, Scope scope, PythonImports imports) {
        String callee = qualified(call.callee(), imports);
        if (callee.startsWith("defusedxml.")) {
            return;
        }
        if (call.name().equals("XMLParser") && callee.startsWith("lxml.") && isTrue(call.keywords().get("resolve_entities"), scope)) {
            scope.report(CWE, RULE, call.node(), "an lxml parser made with resolve_entities=True reads external entities "
                    + "(local files, URLs) named in the document; use resolve_entities=False or defusedxml");
            return;
        }
        if (call.name().equals("setFeature") && call.args().size() >= 2 && EXTERNAL_FEATURE.matcher(scope.text(call.arg(0))).matches()
                && isTrue(call.arg(1), scope)) {
            scope.report(CWE, RULE, call.node(), "the parser is told to fetch external entities named in the document; leave "
                    + "feature_external_ges off or use defusedxml");
            return;
        }
        if (!callee.contains(".")) {
            return;
        }
        String module = callee.substring(0, callee.lastIndexOf('.'));
        Node data = call.arg(0) != null ? call.arg(0) : call.keywords().getOrDefault("source", call.keywords().get("text"));
        if (data == null || scope.syntax().isConstantString(data)) {
            return;
        }
        if (module.equals("lxml.etree") && LXML_PARSE.contains(call.name())) {
            lxml(call, data, scope);
        } else if (STDLIB_MODULE.matcher(module).matches() && STDLIB_PARSE.contains(call.name())) {
            Taint t = untrusted(scope.taint(data).withoutConfig());
            if (t.external()) {
                scope.report(CWE, RULE, call.node(), t.describe() + " is parsed with " + module + ", which Python documents as not "
                        + "secure against malicious XML (entity expansion, external entities); use defusedxml");
            }
        }
    }

    private static void lxml(Call call, Node data, Scope scope) {
        Node parser = call.keywords().getOrDefault("parser", call.name().equals("iterparse") ? null : call.arg(1));
        String settings = call.name().equals("iterparse") ? scope.text(call.node()) : parser == null ? "" : parserSettings(parser, scope);
        if (settings.matches("(?s).*resolve_entities\\s*=\\s*False.*")) {
            return;
        }
        if (settings.matches("(?s).*resolve_entities\\s*=\\s*True.*")) {
            return; // reported where the parser is made
        }
        Taint t = scope.taint(data);
        String what = t.isTainted() ? t.describe() : "data read at run time";
        scope.report(CWE, RULE, call.node(), what + " is parsed by lxml with a parser that resolves entities (the default before "
                + "lxml 5.0); pass etree.XMLParser(resolve_entities=False, no_network=True) or use defusedxml");
    }

    /** The arguments of the XMLParser a parser expression stands for: inline, or assigned to its name in this file. */
    private static String parserSettings(Node parser, Scope scope) {
        String text = scope.text(parser);
        if (text.contains("XMLParser(")) {
            return text;
        }
        String name = Pattern.quote(text.strip());
        var m = Pattern.compile("(?<![\\w.])" + name + "\\s*=\\s*[\\w.]*XMLParser\\(([^)]*)\\)").matcher(scope.syntax().tree.source);
        return m.find() ? "XMLParser(" + m.group(1) + ")" : "";
    }

    private static String qualified(String callee, PythonImports imports) {
        String full = imports.qualify(callee);
        int dot = callee.indexOf('.');
        if (full.equals(callee) && dot > 0 && !imports.imported(callee.substring(0, dot)) && USUAL.containsKey(callee.substring(0, dot))) {
            return USUAL.get(callee.substring(0, dot)) + callee.substring(dot);
        }
        return full;
    }

    private static boolean isTrue(Node value, Scope scope) {
        return value != null && scope.text(value).strip().matches("True|1");
    }

    /** The flows not made safe for every use (by a conversion or an allow-list): escaping for HTML or SQL does not clean XML. */
    private static Taint untrusted(Taint t) {
        return new Taint(t.flows().stream().filter(f -> !f.safeFor().containsAll(Rules.ALL)).toList(), t.composed());
    }
}
