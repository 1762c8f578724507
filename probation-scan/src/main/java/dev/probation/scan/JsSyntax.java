package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;

/** tree-sitter-javascript's and tree-sitter-typescript's node types. */
final class JsSyntax extends Syntax {

    JsSyntax(Tree tree) {
        super(tree);
    }

    @Override
    boolean isFunction(Node node) {
        return Tree.is(node, "function_declaration", "function_expression", "function", "arrow_function",
                "method_definition", "generator_function_declaration", "generator_function");
    }

    @Override
    String functionName(Node function) {
        Node name = Tree.field(function, "name");
        if (name == null && Tree.is(function.getParent(), "variable_declarator")) {
            name = Tree.field(function.getParent(), "name");
        }
        return tree.text(name);
    }

    @Override
    List<Param> parameters(Node function) {
        List<Param> params = new ArrayList<>();
        Node single = Tree.field(function, "parameter");
        if (single != null) {
            patternNames(single, params);
        }
        Node list = Tree.field(function, "parameters");
        if (list != null) {
            for (Node p : Tree.named(list)) {
                patternNames(p, params);
            }
        }
        return params;
    }

    private void patternNames(Node pattern, List<Param> out) {
        switch (Tree.type(pattern)) {
            case "identifier", "shorthand_property_identifier_pattern" -> out.add(new Param(tree.text(pattern), pattern, false));
            case "required_parameter", "optional_parameter" -> {
                Node inner = Tree.field(pattern, "pattern");
                boolean external = tree.text(pattern).matches("(?s)\\s*@(?:Query|Param|Body|Headers|Req|Cookies|UploadedFile)\\b.*");
                if (inner != null && external && Tree.is(inner, "identifier")) {
                    out.add(new Param(tree.text(inner), inner, false, true));
                } else if (inner != null) {
                    patternNames(inner, out);
                }
            }
            case "assignment_pattern" -> patternNames(Tree.field(pattern, "left"), out);
            case "pair_pattern" -> patternNames(Tree.field(pattern, "value"), out);
            case "object_assignment_pattern" -> patternNames(Tree.field(pattern, "left"), out);
            case "rest_pattern", "object_pattern", "array_pattern" -> {
                for (Node child : Tree.named(pattern)) {
                    patternNames(child, out);
                }
            }
            default -> { }
        }
    }

    @Override
    Call call(Node node) {
        boolean constructor = Tree.is(node, "new_expression");
        if (!constructor && !Tree.is(node, "call_expression")) {
            return null;
        }
        Node function = Tree.field(node, constructor ? "constructor" : "function");
        while (Tree.is(function, "await_expression", "parenthesized_expression", "non_null_expression") && function.getNamedChildCount() == 1) {
            function = function.getNamedChild(0); // tree-sitter-typescript reads `await a.b<T>(x)` as (await a.b)<T>(x)
        }
        if (function == null) {
            return null;
        }
        Node receiver = null;
        String name = tree.text(function);
        if (Tree.is(function, "member_expression")) {
            receiver = Tree.field(function, "object");
            name = tree.text(Tree.field(function, "property"));
        }
        List<Node> args = new ArrayList<>();
        Node arguments = Tree.field(node, "arguments");
        if (arguments != null && Tree.is(arguments, "arguments")) {
            for (Node arg : Tree.named(arguments)) {
                if (!Tree.is(arg, "comment")) {
                    args.add(arg);
                }
            }
        } else if (arguments != null) {
            return null; // a tagged template (sql`...${x}`): the tag receives the values separately
        }
        return new Call(node, tree.text(function).replaceAll("\\s+", ""), name, receiver, args, noKeywords(), constructor);
    }

    @Override
    List<Binding> bindings(Node node) {
        List<Binding> out = new ArrayList<>();
        switch (Tree.type(node)) {
            case "variable_declarator" -> {
                Node value = Tree.field(node, "value");
                if (value != null) {
                    targets(Tree.field(node, "name"), value, false, out);
                }
            }
            case "assignment_expression" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), false, out);
            case "augmented_assignment_expression" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), true, out);
            case "for_in_statement" -> targets(Tree.field(node, "left"), Tree.field(node, "right"), false, out);
            default -> { }
        }
        return out;
    }

    private void targets(Node target, Node value, boolean augmented, List<Binding> out) {
        if (target == null || value == null) {
            return;
        }
        switch (Tree.type(target)) {
            case "identifier", "member_expression", "subscript_expression" ->
                    out.add(new Binding(target, tree.text(target), value, augmented));
            case "object_pattern", "array_pattern" -> {
                List<Param> names = new ArrayList<>();
                patternNames(target, names);
                for (Param name : names) {
                    out.add(new Binding(name.node(), name.name(), value, augmented));
                }
            }
            default -> { }
        }
    }

    @Override
    Expr kind(Node node) {
        return switch (Tree.type(node)) {
            case "identifier", "shorthand_property_identifier" -> Expr.NAME;
            case "string", "string_fragment" -> Expr.STRING;
            case "template_string" -> Tree.named(node).stream().anyMatch(c -> Tree.is(c, "template_substitution"))
                    ? Expr.INTERPOLATED : Expr.STRING;
            case "binary_expression" -> "+".equals(tree.text(Tree.field(node, "operator"))) ? Expr.CONCAT : Expr.OTHER;
            case "member_expression" -> Expr.MEMBER;
            case "subscript_expression" -> Expr.SUBSCRIPT;
            case "call_expression", "new_expression" -> Expr.CALL;
            case "number", "true", "false", "null", "undefined", "regex" -> Expr.LITERAL;
            default -> Expr.OTHER;
        };
    }

    @Override
    List<Node> parts(Node node) {
        if (Tree.is(node, "template_string")) {
            List<Node> parts = new ArrayList<>();
            for (Node child : Tree.named(node)) {
                if (Tree.is(child, "template_substitution") && child.getNamedChildCount() > 0) {
                    parts.add(child.getNamedChild(0));
                }
            }
            return parts;
        }
        if (Tree.is(node, "binary_expression")) {
            return List.of(Tree.field(node, "left"), Tree.field(node, "right"));
        }
        return super.parts(node);
    }

    @Override
    Node object(Node node) {
        return Tree.field(node, "object");
    }

    @Override
    Node condition(Node node) {
        return Tree.is(node, "if_statement", "while_statement", "ternary_expression", "do_statement")
                ? Tree.field(node, "condition") : null;
    }

    @Override
    Node returned(Node node) {
        if (Tree.is(node, "return_statement") && node.getNamedChildCount() > 0) {
            return node.getNamedChild(0);
        }
        if (Tree.is(node, "arrow_function")) {
            Node body = Tree.field(node, "body");
            return body != null && !Tree.is(body, "statement_block") ? body : null;
        }
        return null;
    }
}
