package dev.probation.scan;

import dev.probation.scan.Model.Sanitizer;
import dev.probation.scan.Model.SinkModel;
import dev.probation.scan.Model.Source;
import dev.probation.scan.Taint.Sink;
import dev.probation.scenario.Fields;
import dev.probation.scenario.FormatException;
import dev.probation.scenario.SourceNode;
import dev.probation.scenario.SourceParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a model file (docs/scan-models.md) with the YAML reader of suites, so that a mistake is one line
 * naming file, line and field: {@code my-models.yaml:7: sinks[0].kind: unknown kind 'sqll' (did you mean 'sql'?)}.
 */
final class ModelReader {

    private static final Set<String> TOP = Set.of("language", "framework", "imports", "sources", "sinks", "sanitizers", "summaries");
    private static final Set<String> SOURCE = Set.of("call", "member", "what", "kind");
    private static final Set<String> SINK = Set.of("call", "arg", "kind", "cwe");
    private static final Set<String> SANITIZER = Set.of("call", "for");
    private static final Set<String> SUMMARY = Set.of("call", "from", "to");
    /** The CWE a sink reports when the model names none. */
    private static final Map<Sink, String> CWES = Map.of(Sink.SQL, "CWE-89", Sink.COMMAND, "CWE-78", Sink.PATH, "CWE-22",
            Sink.HTML, "CWE-79", Sink.CODE, "CWE-94", Sink.LDAP, "CWE-90", Sink.XPATH, "CWE-643", Sink.SESSION, "CWE-501",
            Sink.PASSWORD, "CWE-798", Sink.KEY, "CWE-798");
    private static final Pattern CWE = Pattern.compile("CWE-[1-9]\\d{0,4}");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z_]\\w*");

    private ModelReader() {}

    /** @throws FormatException naming file, line and field */
    static Model read(String file, String text) {
        Fields top = Fields.of(file, "", SourceParser.yaml(file, text)).onlyKnown(TOP);
        String tag = top.requiredString("language");
        Language language = Language.fromTag(tag).orElseThrow(() -> top.error("language",
                "unknown language '" + tag + "'; use python, java or javascript"));
        Set<Language> languages = language == Language.PYTHON || language == Language.JAVA ? EnumSet.of(language)
                : EnumSet.of(Language.JAVASCRIPT, Language.TYPESCRIPT);
        String framework = top.requiredString("framework").strip();
        if (framework.isEmpty()) {
            throw top.error("framework", "must not be empty: findings name it");
        }
        List<String> imports = strings(top, "imports");
        for (String module : imports) {
            if (!CallPattern.SYNTAX.matcher(module).matches() || module.startsWith("*.")) {
                throw top.error("imports", "'" + module + "' is not a module or package name");
            }
        }
        List<Source> sources = new ArrayList<>();
        List<SinkModel> sinks = new ArrayList<>();
        List<Sanitizer> sanitizers = new ArrayList<>();
        List<SourceNode> items = top.list("sources");
        for (int i = 0; i < items.size(); i++) {
            sources.add(source(Fields.of(file, "sources[" + i + "]", items.get(i)).onlyKnown(SOURCE)));
        }
        items = top.list("sinks");
        for (int i = 0; i < items.size(); i++) {
            sinks.add(sink(Fields.of(file, "sinks[" + i + "]", items.get(i)).onlyKnown(SINK), language));
        }
        items = top.list("sanitizers");
        for (int i = 0; i < items.size(); i++) {
            Fields entry = Fields.of(file, "sanitizers[" + i + "]", items.get(i)).onlyKnown(SANITIZER);
            List<String> kinds = strings(entry, "for");
            sanitizers.add(new Sanitizer(call(entry), kinds.isEmpty() || kinds.equals(List.of("all")) ? EnumSet.allOf(Sink.class)
                    : kinds(entry, "for", kinds)));
        }
        List<Model.FlowSummary> summaries = new ArrayList<>();
        items = top.list("summaries");
        for (int i = 0; i < items.size(); i++) {
            summaries.add(summary(Fields.of(file, "summaries[" + i + "]", items.get(i)).onlyKnown(SUMMARY)));
        }
        if (sources.isEmpty() && sinks.isEmpty() && sanitizers.isEmpty() && summaries.isEmpty()) {
            throw top.error("names no sources, sinks, sanitizers or summaries");
        }
        return new Model(languages, framework, file, List.copyOf(imports), List.copyOf(sources), List.copyOf(sinks),
                List.copyOf(sanitizers), List.copyOf(summaries));
    }

    private static Source source(Fields entry) {
        boolean call = entry.node("call").isPresent();
        if (call == entry.node("member").isPresent()) {
            throw entry.error("needs either 'call' (a call whose result is untrusted) or 'member' (an attribute read), not "
                    + (call ? "both" : "neither"));
        }
        String kind = entry.optionalString("kind").orElse("remote");
        if (!kind.equals("remote") && !kind.equals("environment")) {
            throw entry.error("kind", "unknown kind '" + kind + "'; use remote (the default: request data, sockets) or "
                    + "environment (command line, environment variables)");
        }
        String member = call ? null : entry.requiredString("member").replaceAll("\\s+", "");
        if (member != null && !CallPattern.SYNTAX.matcher(member).matches() || member != null && member.startsWith("*.")) {
            throw entry.error("member", "'" + member + "' is not a dotted name such as req.query");
        }
        return new Source(call ? call(entry) : null, member, entry.optionalString("what").orElse(null), kind.equals("environment"));
    }

    private static SinkModel sink(Fields entry, Language language) {
        String kindText = entry.requiredString("kind");
        Sink kind = kinds(entry, "kind", List.of(kindText)).iterator().next();
        String cwe = entry.optionalString("cwe").orElse(CWES.get(kind));
        if (cwe == null) {
            throw entry.error("cwe", "required for kind '" + kindText + "' (no default CWE)");
        }
        if (!CWE.matcher(cwe).matches()) {
            throw entry.error("cwe", "'" + cwe + "' is not a CWE id such as CWE-89");
        }
        List<String> args = strings(entry, "arg");
        for (String arg : args) {
            boolean named = language == Language.PYTHON || language == Language.JAVASCRIPT; // keyword; options object property
            if (!arg.matches("\\d{1,3}|receiver|any") && !(named && KEYWORD.matcher(arg).matches())) {
                throw entry.error("arg", "'" + arg + "' is not an argument: use an index from 0, receiver, any"
                        + (language == Language.PYTHON ? " or a keyword argument's name" : "")
                        + (language == Language.JAVASCRIPT ? " or a property of an options object" : ""));
            }
        }
        return new SinkModel(call(entry), args.isEmpty() ? List.of("0") : List.copyOf(args), kind, cwe);
    }

    private static Model.FlowSummary summary(Fields entry) {
        String to = entry.requiredString("to").strip();
        List<String> from = strings(entry, "from");
        if (from.isEmpty()) {
            throw entry.error("from", "required field is missing");
        }
        if (to.equals("result")) {
            if (!from.equals(List.of("receiver"))) {
                throw entry.error("from", "a call's arguments and receiver reach its result already; a summary to result "
                        + "can only narrow that to the receiver (from: receiver)");
            }
        } else if (!to.matches("receiver|\\d{1,3}")) {
            throw entry.error("to", "'" + to + "' is not a target: use result, receiver or an argument's index from 0");
        }
        for (String arg : from) {
            if (!arg.matches("receiver|any|\\d{1,3}") || arg.equals(to)) {
                throw entry.error("from", "'" + arg + "' is not a source of the summary: use receiver, any or an argument's index"
                        + " other than the target's");
            }
        }
        return new Model.FlowSummary(call(entry), List.copyOf(from), to);
    }

    private static CallPattern call(Fields entry) {
        String text = entry.requiredString("call").replaceAll("\\s+", "");
        if (!CallPattern.SYNTAX.matcher(text).matches()) {
            throw entry.error("call", "'" + text + "' is not a call name: write module.function, package.Type.method or *.method");
        }
        return CallPattern.parse(text);
    }

    /** A scalar or a list of scalars. */
    private static List<String> strings(Fields entry, String field) {
        SourceNode node = entry.node(field).orElse(null);
        if (node instanceof SourceNode.Scalar scalar) {
            return scalar.text() == null ? List.of() : List.of(scalar.text().strip());
        }
        return entry.stringList(field).stream().map(String::strip).toList();
    }

    private static Set<Sink> kinds(Fields entry, String field, List<String> names) {
        Set<Sink> kinds = EnumSet.noneOf(Sink.class);
        for (String name : names) {
            try {
                kinds.add(Sink.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw entry.error(field, "unknown kind '" + name + "'; use one of " + String.join(", ",
                        Arrays.stream(Sink.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList())
                        + (field.equals("for") ? ", or all" : ""));
            }
        }
        return kinds;
    }
}
