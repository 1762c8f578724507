package dev.probation.scan;

import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Syntax.Param;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows untrusted data through one file: from parameters, request objects, input, argv and the
 * environment, through assignments, string building and calls, to the sinks the language's
 * {@link Rules} name. Each function is analysed on its own, starting from what its enclosing
 * function knew, and local functions are summarised (does the result carry its arguments? which
 * parameters reach a sink?) so that a flow through a helper is still seen. Two passes: the first
 * only builds the summaries.
 */
final class Flow {

    /** Statements whose bodies run only sometimes: an assignment inside joins the earlier value. */
    private static final Set<String> BRANCHES = Set.of("if_statement", "elif_clause", "else_clause", "else", "while_statement",
            "for_statement", "for_in_statement", "enhanced_for_statement", "try_statement", "except_clause", "catch_clause",
            "switch_statement", "switch_block", "switch_case", "case_clause", "match_statement", "conditional_expression",
            "ternary_expression", "do_statement", "finally_clause");
    /** Nodes whose names are bound before their bodies run: loops, with-statements, resources. */
    private static final Set<String> BINDS_FIRST = Set.of("for_statement", "for_in_clause", "enhanced_for_statement",
            "for_in_statement", "as_pattern", "resource", "named_expression");

    final Tree tree;
    final Syntax syntax;
    final Rules rules;
    private final Map<String, Summary> summaries = new HashMap<>();
    /** Object attributes assigned anywhere in the file ({@code self.x}, {@code this.x}), read by every method. */
    final Map<String, Taint> fields = new HashMap<>();
    private final Map<String, Summary> building = new HashMap<>();
    /** Functions defined in other scanned files ({@link Callees}), and each function's summary here, for them. */
    private final Callees callees;
    private final Map<Node, Summary> byFunction = new HashMap<>();
    private final Map<String, Finding> findings = new java.util.LinkedHashMap<>();
    private final String file;
    final int lineOffset;
    /** Which sources count: under {@link ThreatModel#LOCAL} the environment, files and databases too. */
    final ThreatModel threat;
    private boolean reporting;
    /** The pass that follows string literals to the password and key sinks ({@link HardCodedSecrets}); no other sink reports. */
    final boolean literals;
    /** Whether a password or key sink was met: only then does the literal pass run. */
    private boolean secretSinks;

    Flow(Tree tree, String file, int lineOffset) {
        this(tree, file, lineOffset, ScanModels.builtIn(), Callees.NONE);
    }

    Flow(Tree tree, String file, int lineOffset, Callees callees) {
        this(tree, file, lineOffset, ScanModels.builtIn(), callees);
    }

    /**
     * {@code models}: sources, sinks and sanitizers given as data, added to the language's rules;
     * {@code callees}: summaries of the functions other files of the project define.
     */
    Flow(Tree tree, String file, int lineOffset, ScanModels models, Callees callees) {
        this(tree, file, lineOffset, models, callees, ThreatModel.REMOTE, false);
    }

    /** {@code threat}: which inputs are untrusted ({@link ThreatModel}). */
    Flow(Tree tree, String file, int lineOffset, ScanModels models, Callees callees, ThreatModel threat) {
        this(tree, file, lineOffset, models, callees, threat, false);
    }

    /** {@code literals}: the literal pass of {@link HardCodedSecrets}, in which string literals are the only sources. */
    Flow(Tree tree, String file, int lineOffset, ScanModels models, Callees callees, ThreatModel threat, boolean literals) {
        this.threat = threat;
        this.callees = callees;
        this.tree = tree;
        this.syntax = Syntax.of(tree);
        this.literals = literals;
        this.rules = models.rules(syntax, literals);
        this.file = file;
        this.lineOffset = lineOffset;
    }

    List<Finding> run() {
        List<Node> functions = new ArrayList<>();
        functions.add(tree.root());
        collectFunctions(tree.root(), functions);
        Map<Node, Map<String, Taint>> finalEnv = new HashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            reporting = pass == 1;
            finalEnv.clear();
            for (Node function : functions) {
                Map<String, Taint> outer = function == tree.root() ? Map.of() : finalEnv.getOrDefault(syntax.enclosing(function), Map.of());
                Scope scope = new Scope(function, outer);
                scope.analyse();
                finalEnv.put(function, scope.env);
            }
            summaries.putAll(building);
        }
        rules.file(this);
        return List.copyOf(findings.values());
    }

    /** Whether {@link #run()} met a password or key sink (or a call of a function that passes a parameter to one). */
    boolean metSecretSinks() {
        return secretSinks;
    }

    /** The summary of each function, once {@link #run()} has run: what other files see of it. */
    Map<Node, Summary> summaries() {
        return byFunction;
    }

    private void collectFunctions(Node node, List<Node> out) {
        for (Node child : Tree.named(node)) {
            if (syntax.isFunction(child)) {
                out.add(child);
            }
            collectFunctions(child, out);
        }
    }

    void report(String cwe, String rule, Node node, String message) {
        if (!reporting) {
            return;
        }
        int line = Tree.line(node) + lineOffset;
        String key = cwe + ":" + line;
        if (!findings.containsKey(key)) {
            String expression = tree.text(node).replaceAll("\\s+", " ").strip();
            if (expression.length() > 160) {
                expression = expression.substring(0, 157) + "...";
            }
            findings.put(key, new Finding(cwe, rule, file, line, tree.column(node), expression, message));
        }
    }

    /** The taint state inside one function. */
    final class Scope {
        final Node function;
        final Map<String, Taint> env = new HashMap<>();
        private final Map<String, Integer> paramIndex = new HashMap<>();
        private final Checks checks = new Checks(syntax);
        final Containers containers = new Containers();
        private final Expressions expressions = new Expressions(Flow.this, this);
        private final Mutations mutations = new Mutations(this);
        private int branchDepth;
        /** Where the walk is (a byte offset), for guards. */
        private int position;
        private String functionText;
        private Boolean buildsHtml;
        private final Summary summary = new Summary();
        /** The fields of a Java method's class, read as inputs its callers set; null elsewhere. */
        final JavaFields javaFields;

        Scope(Node function, Map<String, Taint> outer) {
            this.function = function;
            env.putAll(outer);
            javaFields = JavaFields.of(this, function, env);
        }

        void analyse() {
            if (function != tree.root()) {
                List<Param> params = syntax.parameters(function);
                summary.arity = params.size();
                byFunction.put(function, summary);
                for (int i = 0; i < params.size(); i++) {
                    Param p = params.get(i);
                    paramIndex.put(p.name(), i);
                    Origin given = threat.commandLine(tree, function, params.size())
                            ? new Origin("command-line argument '" + p.name() + "'", Tree.line(p.node()) + lineOffset, true)
                            : new Origin((p.external() ? "request parameter '" : "parameter '") + p.name() + "'",
                            Tree.line(p.node()) + lineOffset, p.external());
                    env.put(p.name(), p.safeType() ? Taint.CLEAN : Taint.of(given));
                    if (p.node().getParent() != null && Tree.is(p.node().getParent(), "required_parameter", "optional_parameter")
                            && tree.text(p.node().getParent()).matches("(?s)\\s*(?:public|private|protected|readonly)\\b.*")) {
                        field("this." + p.name(), env.get(p.name())); // TypeScript parameter property
                    }
                }
                String name = syntax.functionName(function);
                if (!name.isEmpty()) {
                    building.put(syntax.isMethod(function) ? "." + name : name, summary);
                }
            }
            walk(function);
        }

        private void walk(Node node) {
            Set<Node> dead = rules.deadCode(node, this);
            boolean branch = node != function && BRANCHES.contains(Tree.type(node)) && dead.isEmpty();
            if (branch) {
                branchDepth++;
            }
            for (Node child : Tree.named(node)) {
                if (!syntax.isFunction(child) && !dead.contains(child)) {
                    visit(child);
                }
            }
            if (branch) {
                branchDepth--;
            }
        }

        private void visit(Node node) {
            position = node.getStartByte();
            containers.seen(node, this);
            Node condition = syntax.condition(node);
            if (condition != null) {
                checks.record(node, condition, rules, this);
            }
            boolean loop = BINDS_FIRST.contains(node.getType());
            if (loop) {
                bind(node); // the loop variable is bound before the body runs
            }
            walk(node);
            Call call = syntax.call(node);
            if (call != null) {
                rules.call(call, this);
                callsLocal(call);
                mutations.called(call);
                containers.called(call, this);
            }
            if (!loop) {
                bind(node);
            }
            Node value = syntax.returned(node);
            if (value != null) {
                Taint t = taint(value);
                if (t.isTainted()) {
                    summary.returnsTaint = true;
                    summary.returnsComposed |= t.composed();
                    returns(t);
                    if (summary.returnsSafeFor == null) {
                        summary.returnsSafeFor = EnumSet.noneOf(Sink.class);
                        summary.returnsSafeFor.addAll(t.safeForAll());
                    } else {
                        summary.returnsSafeFor.retainAll(t.safeForAll());
                    }
                }
                rules.returned(value, this);
                if (!literals && !summary.returnsLiteral) { // for the literal pass of the files that call this one
                    summary.returnsLiteral = HardCodedSecrets.returnsLiteral(value, this);
                }
            }
        }

        /** Records where returned data comes from: which parameters, the object's fields, input read here. */
        private void returns(Taint t) {
            for (Origin o : t.origins()) {
                Integer index = o.external() ? null : paramIndex.get(o.what().replaceAll("^parameter '(.*)'$", "$1"));
                if (index != null) {
                    summary.returnsParams.add(index);
                } else if (o.what().startsWith("this.") || o.what().startsWith("self.")) {
                    summary.returnsFields = true;
                } else if (JavaFields.field(o) != null) {
                    summary.returnsFieldInputs.add(JavaFields.field(o));
                } else if ((o.external() || o.config()) && (summary.returnsSource == null || o.external() && !summary.returnsSource.external())) {
                    summary.returnsSource = o; // input read here: a request, or a file or database (local, config)
                } else if (!o.external()) {
                    summary.returnsOther = true;
                }
            }
        }

        private void bind(Node node) {
            for (Binding b : syntax.bindings(node)) {
                Taint t = syntax.isFunction(b.value()) ? Taint.CLEAN : taint(b.value());
                if (b.augmented()) {
                    t = env.getOrDefault(b.name(), Taint.CLEAN).join(t).composedInto();
                } else if (branchDepth > 0 && env.containsKey(b.name())) {
                    t = env.get(b.name()).join(t); // assigned on one branch only: either value may arrive
                }
                env.put(b.name(), t);
                if (b.name().startsWith("self.") || b.name().startsWith("this.")) {
                    field(b.name(), t);
                } else {
                    mutations.bound(b, t);
                }
                checks.bound(b);
                containers.bound(b, this);
                if (literals) {
                    HardCodedSecrets.stored(b, t, this);
                }
                rules.binding(b, this);
            }
        }

        /**
         * {@code self.host = host}: other methods read it. A constructor's parameter is usually
         * configuration, so it counts like the environment: for injection, not for file paths.
         */
        private void field(String name, Taint t) {
            List<Taint.Flow> flows = new ArrayList<>();
            for (Taint.Flow f : t.flows()) {
                Origin o = f.origin();
                flows.add(o.external() ? f : new Taint.Flow(new Origin(name + " (from " + o.what() + ")", o.line(), false, true), f.safeFor()));
            }
            Taint stored = new Taint(List.copyOf(flows), t.composed());
            fields.merge(name, stored, Taint::join);
        }

        /** The value the code fixes for an expression (a string or a whole number), or null: {@link Rules#constant}. */
        Object constant(Node node) {
            return rules.constant(node, this);
        }

        int branchDepth() {
            return branchDepth;
        }

        /** The summary of a function of this file, once its analysis has begun (for calls through an object). */
        Summary summaryOf(Node function) {
            return byFunction.get(function);
        }

        boolean normalised(String name) {
            return checks.normalised(name);
        }

        /** A call to a local function whose parameter reaches a sink. */
        private void callsLocal(Call call) {
            Summary callee = local(call);
            if (callee == null) {
                return;
            }
            if (javaFields != null) {
                javaFields.called(call, callee);
            }
            callee.paramSinks.forEach((index, sinks) -> {
                Node arg = call.arg(index);
                if (arg == null) {
                    return;
                }
                for (Summary.ParamSink s : sinks) {
                    sink(s.sink(), arg, s.cwe(), s.rule(), call.node(), s.where() + " in " + call.name() + "() (line " + s.line() + ")", false);
                }
            });
        }

        /** The summary of the function or method a call reaches, when it is defined in this code. */
        Summary local(Call call) {
            if (call.receiver() == null) { // a function; in Java, a method of this class
                Summary function = summaries.get(call.name());
                function = function != null ? function : summaries.get("." + call.name());
                return function != null ? function : callees.summary(call, this);
            }
            if (Set.of("self", "this", "cls").contains(tree.text(call.receiver()))) {
                return summaries.get("." + call.name());
            }
            Summary resolved = callees.summary(call, this); // by the receiver's class, when the project knows it
            // new Test().doSomething(x) on a class this file declares: by the method's name when nothing better is known
            return resolved != null || !newLocalObject(call.receiver()) ? resolved : summaries.get("." + call.name());
        }

        /** {@code new Test().doSomething(x)}: an object of a class this file declares (an inner helper class). */
        private boolean newLocalObject(Node receiver) {
            Call created = Tree.is(receiver, "object_creation_expression", "new_expression") ? syntax.call(receiver) : null;
            String type = created == null ? null : created.name();
            return type != null && type.matches("\\w+") && tree.finds("\\bclass\\s+" + type + "\\b");
        }

        /**
         * Reports untrusted data reaching a sink. Function parameters count when spliced into a
         * larger string, or when {@code anyTaint} (eval, innerHTML); otherwise they are remembered
         * so that callers passing attacker-built strings are reported.
         */
        boolean sink(Sink kind, Node arg, String cwe, String rule, Node at, String where, boolean anyTaint) {
            if (arg == null || literals && !HardCodedSecrets.isSecret(kind)) {
                return false; // the literal pass evaluates only what reaches a password or key
            }
            return sink(kind, taint(arg), cwe, rule, at, where, anyTaint);
        }

        /** The same for data already evaluated; field inputs are left to the callers that set the field ({@link JavaFields}). */
        boolean sink(Sink kind, Taint data, String cwe, String rule, Node at, String where, boolean anyTaint) {
            boolean secret = HardCodedSecrets.isSecret(kind);
            secretSinks |= secret;
            if (literals && !secret) {
                return false;
            }
            Taint all = (kind == Sink.PATH ? data.withoutConfig() : data).toward(kind);
            Taint t = JavaFields.withoutInputs(all);
            if (!all.isTainted()) {
                return false;
            }
            boolean reported;
            if (secret) { // a constant reaching a password or key: only the literal pass reports, whatever else reaches
                Taint constant = HardCodedSecrets.literalsOnly(t);
                reported = literals && constant.isTainted();
                if (reported) {
                    report(cwe, rule, at, HardCodedSecrets.message(kind, constant, where));
                }
            } else {
                reported = t.isTainted() && (anyTaint || t.external() || t.composed()) && !constantsOnly(t);
                if (reported) {
                    report(cwe, rule, at, t.describe() + " reaches " + where + (t.composed() ? " inside a built string" : "")
                            + ", unescaped");
                }
            }
            for (Origin o : all.origins()) { // reported here or not, a caller that passes request data is reported too
                Integer index = paramIndex.get(o.what().replaceAll("^parameter '(.*)'$", "$1"));
                Summary.ParamSink s = new Summary.ParamSink(kind, cwe, rule, where, Tree.line(at) + lineOffset);
                if (index != null) {
                    summary.paramSinks.computeIfAbsent(index, i -> new ArrayList<>()).add(s);
                } else if (JavaFields.field(o) != null && summary.fieldSinks.size() < 20) {
                    summary.fieldSinks.add(new JavaFields.FieldSink(JavaFields.field(o), s, all.composed() || anyTaint));
                }
            }
            return reported;
        }

        /** Every origin is a parameter that each known caller in the project passes a constant ({@link JavaCallers}, {@link PythonCallers}). */
        private boolean constantsOnly(Taint t) {
            if (tree.language() == Language.PYTHON) { // by the function's definition (PythonCallers)
                return function != tree.root() && !t.origins().isEmpty() && t.origins().stream().allMatch(o -> {
                    Integer index = o.external() ? null : paramIndex.get(o.what().replaceAll("^parameter '(.*)'$", "$1"));
                    return index != null && callees.onlyConstants(function, index);
                });
            }
            String name = syntax.functionName(function);
            Node type = function.getParent() == null ? null : function.getParent().getParent(); // class_body's class
            if (function == tree.root() || name.isEmpty() || t.origins().isEmpty() || type == null
                    || !Tree.is(type, "class_declaration", "enum_declaration", "record_declaration")) {
                return false;
            }
            for (Origin o : t.origins()) {
                Integer index = o.external() ? null : paramIndex.get(o.what().replaceAll("^parameter '(.*)'$", "$1"));
                if (index == null || !callees.onlyConstants(tree.text(Tree.field(type, "name")), name, summary.arity, index)) {
                    return false;
                }
            }
            return true;
        }

        /** What the function holds in a field ({@code Class.name}) at this point, for a call that reads it. */
        Taint fieldAt(String field, int line) {
            return javaFields != null ? javaFields.at(field, line) : Taint.of(JavaFields.input(field, line));
        }

        Flow flow() {
            return Flow.this;
        }

        /** What data an expression carries here ({@link Expressions}). */
        Taint taint(Node node) {
            return expressions.taint(node);
        }

        Taint withChecks(String name, Taint t) {
            return checks.apply(name, t, position);
        }

        String text(Node node) {
            return tree.text(node);
        }

        Syntax syntax() {
            return syntax;
        }

        /** The scanned file's path or name, as given (rules that read the project's configuration start there). */
        String file() {
            return file;
        }

        /** The whole text of the function being analysed, for context rules (is this hash about passwords?). */
        String functionText() {
            if (functionText == null) {
                functionText = tree.text(function);
            }
            return functionText;
        }

        private final Map<String, Boolean> finds = new HashMap<>();

        /** Whether the regex occurs in the function's text; remembered, since rules ask per call. */
        boolean functionFinds(String regex) {
            return finds.computeIfAbsent(regex, r -> java.util.regex.Pattern.compile(r).matcher(functionText()).find());
        }

        /** Whether the function's string literals hold HTML, computed once. */
        boolean buildsHtml() {
            if (buildsHtml == null) {
                buildsHtml = Rules.literalHtml(function, syntax);
            }
            return buildsHtml;
        }

        void report(String cwe, String rule, Node node, String message) {
            Flow.this.report(cwe, rule, node, message);
        }
    }
}
