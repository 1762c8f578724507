package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** tree-sitter-python's node types. */
final class PythonSyntax extends Syntax {

    PythonSyntax(Tree tree) {
        super(tree);
    }

    @Override
    boolean isFunction(Node node) {
        return Tree.is(node, "function_definition", "lambda");
    }

    @Override
    String functionName(Node function) {
        return tree.text(Tree.field(function, "name"));
    }

    /**
     * The decorators of a decorated function as written, one a line, or "": what {@code @app.route(...)}
     * says without the function's body, which taking the text up to "def" copied for every question.
     */
    String decorators(Node function) {
        Node parent = function.getParent();
        if (parent == null || !Tree.is(parent, "decorated_definition")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Node child : Tree.named(parent)) {
            if (Tree.is(child, "decorator")) {
                out.append(tree.text(child)).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    List<Param> parameters(Node function) {
        Node list = Tree.field(function, "parameters");
        List<Param> params = new ArrayList<>();
        if (list == null) {
            return params;
        }
        boolean route = decorators(function).matches("(?s).*\\.(?:route|get|post|put|delete|patch|api_route|websocket)\\(.*");
        for (Node p : Tree.named(list)) {
            Node name = switch (Tree.type(p)) {
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

    private static Node firstIdentifier(Node node) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "identifier")) {
                return child;
            }
        }
        return null;
    }

    @Override
    Call call(Node node) {
        if (!Tree.is(node, "call")) {
            return null;
        }
        Node function = Tree.field(node, "function");
        Node receiver = null;
        String name = tree.text(function);
        if (Tree.is(function, "attribute")) {
            receiver = Tree.field(function, "object");
            name = tree.text(Tree.field(function, "attribute"));
        }
        List<Node> args = new ArrayList<>();
        Map<String, Node> keywords = noKeywords();
        Node arguments = Tree.field(node, "arguments");
        if (Tree.is(arguments, "generator_expression")) {
            args.add(arguments); // ",".join(x for x in xs)
        } else if (arguments != null) {
            for (Node arg : Tree.named(arguments)) {
                if (Tree.is(arg, "keyword_argument")) {
                    keywords.put(tree.text(Tree.field(arg, "name")), Tree.field(arg, "value"));
                } else if (!Tree.is(arg, "comment")) {
                    args.add(arg);
                }
            }
        }
        return new Call(node, withoutSpaces(tree.text(function)), name, receiver, args, keywords, false);
    }

    @Override
    List<Binding> bindings(Node node) {
        List<Binding> out = new ArrayList<>();
        switch (Tree.type(node)) {
            case "assignment" -> {
                Node right = Tree.field(node, "right");
                if (right != null) {
                    targets(Tree.field(node, "left"), right, false, out);
                }
            }
            case "augmented_assignment" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), true, out);
            case "for_statement", "for_in_clause" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), false, out);
            case "named_expression" -> targets(Tree.field(node, "name"), Tree.field(node, "value"), false, out);
            case "as_pattern" -> {
                Node alias = Tree.field(node, "alias");
                if (alias != null && node.getNamedChildCount() > 0) {
                    targets(alias, node.getNamedChild(0), false, out);
                }
            }
            default -> { }
        }
        return out;
    }

    private void targets(Node target, Node value, boolean augmented, List<Binding> out) {
        if (target == null || value == null) {
            return;
        }
        switch (Tree.type(target)) {
            case "identifier", "attribute", "subscript" -> out.add(new Binding(target, tree.text(target), value, augmented));
            case "as_pattern_target", "parenthesized_expression" -> {
                for (Node child : Tree.named(target)) {
                    targets(child, value, augmented, out);
                }
            }
            case "pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple" -> {
                List<Node> values = Tree.is(value, "expression_list", "tuple") ? Tree.named(value) : List.of();
                List<Node> names = Tree.named(target);
                for (int i = 0; i < names.size(); i++) {
                    targets(names.get(i), values.size() == names.size() ? values.get(i) : value, augmented, out);
                }
            }
            default -> { }
        }
    }

    @Override
    Expr kind(Node node) {
        return switch (Tree.type(node)) {
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

    private boolean hasInterpolation(Node node) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "interpolation")) {
                return true;
            }
        }
        return false;
    }

    @Override
    List<Node> parts(Node node) {
        if (Tree.is(node, "string", "concatenated_string")) {
            List<Node> parts = new ArrayList<>();
            collectInterpolations(node, parts);
            return parts;
        }
        if (Tree.is(node, "binary_operator")) {
            return List.of(Tree.field(node, "left"), Tree.field(node, "right"));
        }
        return super.parts(node);
    }

    private void collectInterpolations(Node node, List<Node> out) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "interpolation")) {
                Node expression = Tree.field(child, "expression");
                out.add(expression != null ? expression : child.getNamedChild(0));
            } else if (Tree.is(child, "string")) {
                collectInterpolations(child, out);
            }
        }
    }

    @Override
    Node object(Node node) {
        return Tree.is(node, "subscript") ? Tree.field(node, "value") : Tree.field(node, "object");
    }

    @Override
    Node condition(Node node) {
        return switch (Tree.type(node)) {
            case "if_statement", "elif_clause", "while_statement" -> Tree.field(node, "condition");
            case "conditional_expression" -> node.getNamedChildCount() == 3 ? node.getNamedChild(1) : null;
            case "assert_statement" -> node.getNamedChildCount() > 0 ? node.getNamedChild(0) : null;
            default -> null;
        };
    }

    @Override
    Node returned(Node node) {
        return Tree.is(node, "return_statement") && node.getNamedChildCount() > 0 ? node.getNamedChild(0) : null;
    }
}
