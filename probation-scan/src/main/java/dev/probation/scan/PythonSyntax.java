package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.treesitter.TSNode;

/** tree-sitter-python's node types. */
final class PythonSyntax extends Syntax {

    PythonSyntax(Tree tree) {
        super(tree);
    }

    @Override
    boolean isFunction(TSNode node) {
        return Tree.is(node, "function_definition", "lambda");
    }

    @Override
    String functionName(TSNode function) {
        return tree.text(Tree.field(function, "name"));
    }

    @Override
    List<Param> parameters(TSNode function) {
        TSNode list = Tree.field(function, "parameters");
        List<Param> params = new ArrayList<>();
        if (list == null) {
            return params;
        }
        TSNode parent = function.getParent();
        boolean route = parent != null && Tree.is(parent, "decorated_definition")
                && tree.text(parent).split("\\bdef\\b", 2)[0].matches("(?s).*\\.(?:route|get|post|put|delete|patch|api_route|websocket)\\(.*");
        for (TSNode p : Tree.named(list)) {
            TSNode name = switch (p.getType()) {
                case "identifier" -> p;
                case "default_parameter", "typed_default_parameter" -> Tree.field(p, "name");
                case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern" -> firstIdentifier(p);
                default -> null;
            };
            if (name != null) {
                String text = tree.text(name);
                if (!text.equals("self") && !text.equals("cls")) {
                    params.add(new Param(text, name, false, route)); // annotations are not enforced at run time
                }
            }
        }
        return params;
    }

    private static TSNode firstIdentifier(TSNode node) {
        for (TSNode child : Tree.named(node)) {
            if (Tree.is(child, "identifier")) {
                return child;
            }
        }
        return null;
    }

    @Override
    Call call(TSNode node) {
        if (!Tree.is(node, "call")) {
            return null;
        }
        TSNode function = Tree.field(node, "function");
        TSNode receiver = null;
        String name = tree.text(function);
        if (Tree.is(function, "attribute")) {
            receiver = Tree.field(function, "object");
            name = tree.text(Tree.field(function, "attribute"));
        }
        List<TSNode> args = new ArrayList<>();
        Map<String, TSNode> keywords = noKeywords();
        TSNode arguments = Tree.field(node, "arguments");
        if (Tree.is(arguments, "generator_expression")) {
            args.add(arguments); // ",".join(x for x in xs)
        } else if (arguments != null) {
            for (TSNode arg : Tree.named(arguments)) {
                if (Tree.is(arg, "keyword_argument")) {
                    keywords.put(tree.text(Tree.field(arg, "name")), Tree.field(arg, "value"));
                } else if (!Tree.is(arg, "comment")) {
                    args.add(arg);
                }
            }
        }
        return new Call(node, tree.text(function).replaceAll("\\s+", ""), name, receiver, args, keywords, false);
    }

    @Override
    List<Binding> bindings(TSNode node) {
        List<Binding> out = new ArrayList<>();
        switch (node.getType()) {
            case "assignment" -> {
                TSNode right = Tree.field(node, "right");
                if (right != null) {
                    targets(Tree.field(node, "left"), right, false, out);
                }
            }
            case "augmented_assignment" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), true, out);
            case "for_statement", "for_in_clause" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), false, out);
            case "named_expression" -> targets(Tree.field(node, "name"), Tree.field(node, "value"), false, out);
            case "as_pattern" -> {
                TSNode alias = Tree.field(node, "alias");
                if (alias != null && node.getNamedChildCount() > 0) {
                    targets(alias, node.getNamedChild(0), false, out);
                }
            }
            default -> { }
        }
        return out;
    }

    private void targets(TSNode target, TSNode value, boolean augmented, List<Binding> out) {
        if (target == null || value == null) {
            return;
        }
        switch (target.getType()) {
            case "identifier", "attribute", "subscript" -> out.add(new Binding(target, tree.text(target), value, augmented));
            case "as_pattern_target", "parenthesized_expression" -> {
                for (TSNode child : Tree.named(target)) {
                    targets(child, value, augmented, out);
                }
            }
            case "pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple" -> {
                List<TSNode> values = Tree.is(value, "expression_list", "tuple") ? Tree.named(value) : List.of();
                List<TSNode> names = Tree.named(target);
                for (int i = 0; i < names.size(); i++) {
                    targets(names.get(i), values.size() == names.size() ? values.get(i) : value, augmented, out);
                }
            }
            default -> { }
        }
    }

    @Override
    Expr kind(TSNode node) {
        return switch (node.getType()) {
            case "identifier" -> Expr.NAME;
            case "string" -> hasInterpolation(node) ? Expr.INTERPOLATED : Expr.STRING;
            case "string_content", "escape_sequence" -> Expr.STRING;
            case "concatenated_string" -> Tree.named(node).stream().anyMatch(this::hasInterpolation) ? Expr.INTERPOLATED : Expr.STRING;
            case "binary_operator" -> switch (tree.text(Tree.field(node, "operator"))) {
                case "+", "/" -> Expr.CONCAT; // "/" joins pathlib paths
                case "%" -> Expr.FORMAT;
                default -> Expr.OTHER;
            };
            case "attribute" -> Expr.MEMBER;
            case "subscript" -> Expr.SUBSCRIPT;
            case "call" -> Expr.CALL;
            case "integer", "float", "true", "false", "none" -> Expr.LITERAL;
            default -> Expr.OTHER;
        };
    }

    private boolean hasInterpolation(TSNode node) {
        for (TSNode child : Tree.named(node)) {
            if (Tree.is(child, "interpolation")) {
                return true;
            }
        }
        return false;
    }

    @Override
    List<TSNode> parts(TSNode node) {
        if (Tree.is(node, "string", "concatenated_string")) {
            List<TSNode> parts = new ArrayList<>();
            collectInterpolations(node, parts);
            return parts;
        }
        if (Tree.is(node, "binary_operator")) {
            return List.of(Tree.field(node, "left"), Tree.field(node, "right"));
        }
        return super.parts(node);
    }

    private void collectInterpolations(TSNode node, List<TSNode> out) {
        for (TSNode child : Tree.named(node)) {
            if (Tree.is(child, "interpolation")) {
                TSNode expression = Tree.field(child, "expression");
                out.add(expression != null ? expression : child.getNamedChild(0));
            } else if (Tree.is(child, "string")) {
                collectInterpolations(child, out);
            }
        }
    }

    @Override
    TSNode object(TSNode node) {
        return Tree.is(node, "subscript") ? Tree.field(node, "value") : Tree.field(node, "object");
    }

    @Override
    TSNode condition(TSNode node) {
        return switch (node.getType()) {
            case "if_statement", "elif_clause", "while_statement" -> Tree.field(node, "condition");
            case "conditional_expression" -> node.getNamedChildCount() == 3 ? node.getNamedChild(1) : null;
            case "assert_statement" -> node.getNamedChildCount() > 0 ? node.getNamedChild(0) : null;
            default -> null;
        };
    }

    @Override
    TSNode returned(TSNode node) {
        return Tree.is(node, "return_statement") && node.getNamedChildCount() > 0 ? node.getNamedChild(0) : null;
    }
}
