package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Model.Sanitizer;
import dev.probation.scan.Model.SinkModel;
import dev.probation.scan.Model.Source;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A language's rules with the sources, sinks and sanitizers of model files added: the one place where
 * models meet the analysis. Every question goes to the language's rules first; the models add to the
 * answer, and summaries move taint the way {@link Flow} does for its own mutators. Each method of {@link Rules} that the analysis may call is passed on here (ModelRulesTest
 * checks that none is forgotten).
 */
final class ModelRules extends Rules {

    private final Rules rules;
    private final List<Model> all;
    private final Syntax syntax;
    private ModelNames names;
    /** The models that apply to this file (by their imports), found on first use. */
    private List<Model> models;

    ModelRules(Rules rules, List<Model> models, Syntax syntax) {
        this.rules = rules;
        this.all = models;
        this.syntax = syntax;
    }

    private ModelNames names() {
        if (names == null) {
            names = new ModelNames(syntax);
        }
        return names;
    }

    private List<Model> models() {
        if (models == null) {
            models = all.stream().filter(m -> m.imports().isEmpty() || m.imports().stream().anyMatch(names()::importsFrom)).toList();
        }
        return models;
    }

    @Override
    void call(Call call, Scope scope) {
        rules.call(call, scope);
        for (Model model : models()) {
            for (SinkModel sink : model.sinks()) {
                if (names().matches(sink.call(), call, scope.function)) {
                    sink(model, sink, call, scope);
                }
            }
            for (Model.FlowSummary summary : model.summaries()) {
                if (!summary.to().equals("result") && names().matches(summary.call(), call, scope.function)) {
                    passes(summary, call, scope);
                }
            }
        }
    }

    /** {@code builder.where(x)}: the receiver (or an argument) now carries what the summary's sources carry. */
    private void passes(Model.FlowSummary summary, Call call, Scope scope) {
        Node target = summary.to().equals("receiver") ? call.receiver() : call.arg(Integer.parseInt(summary.to()));
        String name = target == null ? null : syntax.rootName(target);
        if (name == null) {
            return;
        }
        Taint carried = Taint.CLEAN;
        for (String from : summary.from()) {
            for (Node value : arguments(from, call)) {
                carried = carried.join(scope.taint(value));
            }
        }
        if (carried.isTainted()) {
            scope.env.merge(name, carried, Taint::join);
        }
    }

    /** The nodes an argument spec names: an index, a keyword (Python), {@code receiver} or {@code any}. */
    private List<Node> arguments(String arg, Call call) {
        return switch (arg) {
            case "any" -> {
                List<Node> all = new java.util.ArrayList<>(call.args());
                all.addAll(call.keywords().values());
                yield all;
            }
            case "receiver" -> listOf(call.receiver());
            default -> arg.chars().allMatch(Character::isDigit) ? listOf(call.arg(Integer.parseInt(arg)))
                    : call.keywords().containsKey(arg) ? listOf(call.keywords().get(arg)) : properties(arg, call);
        };
    }

    /** JavaScript options objects: {@code createConnection({host: h, password: p})} passes {@code p} as {@code password}. */
    private List<Node> properties(String name, Call call) {
        List<Node> values = new java.util.ArrayList<>();
        for (Node arg : call.args()) {
            if (!Tree.is(arg, "object")) {
                continue;
            }
            for (Node pair : Tree.named(arg)) {
                Node key = Tree.field(pair, "key");
                Node value = Tree.field(pair, "value");
                if (Tree.is(pair, "pair") && key != null && value != null && name.equals(syntax.tree.text(key).replaceAll("[\"'`]", ""))) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    private void sink(Model model, SinkModel sink, Call call, Scope scope) {
        String kind = sink.kind().name().toLowerCase(Locale.ROOT);
        String rule = syntax.tree.language().id() + (HardCodedSecrets.isSecret(sink.kind()) ? ".hardcoded-credential" : ".model-" + kind);
        String where = call.callee() + "() (" + kind + " sink, " + model.named() + ")";
        for (String arg : sink.args()) {
            for (Node value : arguments(arg, call)) {
                if (scope.sink(sink.kind(), value, sink.cwe(), rule, call.node(), where, false)) {
                    return;
                }
            }
        }
    }

    private static List<Node> listOf(Node node) {
        return node == null ? List.of() : List.of(node);
    }

    @Override
    Origin memberSource(String text, int line) {
        Origin origin = rules.memberSource(text, line);
        if (origin != null) {
            return origin;
        }
        for (Model model : models()) {
            for (Source source : model.sources()) {
                if (source.member() != null && names().readsMember(text, source.member())) {
                    return origin(model, source, source.member(), line);
                }
            }
        }
        return null;
    }

    @Override
    Origin callSource(Call call, int line) {
        Origin origin = rules.callSource(call, line);
        if (origin != null) {
            return origin;
        }
        for (Model model : models()) {
            for (Source source : model.sources()) {
                if (source.call() != null && names().matches(source.call(), call, null)) {
                    return origin(model, source, call.callee() + "()", line);
                }
            }
        }
        return null;
    }

    private static Origin origin(Model model, Source source, String text, int line) {
        String what = model.framework() + " " + (source.what() != null ? source.what() : text);
        return source.environment() ? Origin.config(what, line) : new Origin(what, line, true);
    }

    @Override
    Set<Sink> sanitises(Call call, Scope scope) {
        Set<Sink> safe = rules.sanitises(call, scope);
        for (Model model : models()) {
            for (Sanitizer sanitizer : model.sanitizers()) {
                if (names().matches(sanitizer.call(), call, scope.function)) {
                    Set<Sink> more = EnumSet.noneOf(Sink.class);
                    more.addAll(safe);
                    more.addAll(sanitizer.safeFor());
                    safe = more;
                }
            }
        }
        return safe;
    }

    // the rest is the language's own

    @Override
    void binding(Binding binding, Scope scope) {
        rules.binding(binding, scope);
    }

    @Override
    void returned(Node value, Scope scope) {
        rules.returned(value, scope);
    }

    @Override
    Object constant(Node node, Scope scope) {
        return rules.constant(node, scope);
    }

    @Override
    Set<Node> deadCode(Node node, Scope scope) {
        return rules.deadCode(node, scope);
    }

    @Override
    void file(Flow flow) {
        rules.file(flow);
    }

    @Override
    boolean composes(Call call) {
        return rules.composes(call);
    }

    @Override
    boolean buildsString(Call call) {
        return rules.buildsString(call);
    }

    @Override
    boolean returnsReceiverOnly(Call call, Scope scope) {
        if (rules.returnsReceiverOnly(call, scope)) {
            return true;
        }
        for (Model model : models()) {
            for (Model.FlowSummary summary : model.summaries()) {
                if (summary.to().equals("result") && names().matches(summary.call(), call, scope.function)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    void checks(Node node, Scope scope, Checks.Proof validated) {
        rules.checks(node, scope, validated);
    }
}
