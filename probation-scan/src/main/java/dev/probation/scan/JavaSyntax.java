package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** tree-sitter-java's node types. */
final class JavaSyntax extends Syntax {

    /** Declared types that cannot carry an attacker's text. */
    private static final Set<String> SAFE_TYPES = Set.of("Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean",
            "BigDecimal", "BigInteger", "UUID", "LocalDate", "LocalDateTime", "Instant", "OffsetDateTime");

    private static final java.util.regex.Pattern ENUM = java.util.regex.Pattern.compile("\\benum\\s++(\\w++)");

    /** The enums the file declares, found once: a search per parameter type was quadratic on a large file. */
    private Set<String> enums;

    private JavaTypes types;

    JavaSyntax(Tree tree) {
        super(tree);
    }

    /** The static types of the file's expressions, parsed on first use: most files never reach a sink that asks. */
    JavaTypes types() {
        if (types == null) {
            types = JavaTypes.of(tree.source);
        }
        return types;
    }

    private boolean isEnum(String typeName) {
        if (enums == null) {
            enums = ENUM.matcher(tree.source).results().map(m -> m.group(1)).collect(java.util.stream.Collectors.toSet());
        }
        return enums.contains(typeName);
    }

    @Override
    boolean isFunction(Node node) {
        return Tree.is(node, "method_declaration", "constructor_declaration", "lambda_expression");
    }

    @Override
    String functionName(Node function) {
        return tree.text(Tree.field(function, "name"));
    }

    @Override
    List<Param> parameters(Node function) {
        List<Param> params = new ArrayList<>();
        Node list = Tree.field(function, "parameters");
        if (list == null) {
            return params;
        }
        if (Tree.is(list, "identifier")) {
            params.add(new Param(tree.text(list), list, false));
            return params;
        }
        for (Node p : Tree.named(list)) {
            if (Tree.is(p, "identifier")) {
                params.add(new Param(tree.text(p), p, false));
            } else if (Tree.is(p, "formal_parameter", "spread_parameter")) {
                Node name = Tree.field(p, "name");
                if (name == null) {
                    for (Node c : Tree.named(p)) {
                        if (Tree.is(c, "variable_declarator")) {
                            name = Tree.field(c, "name");
                        }
                    }
                }
                Node type = Tree.field(p, "type");
                String typeName = tree.text(type);
                boolean safe = type != null && (Tree.is(type, "integral_type", "floating_point_type", "boolean_type")
                        || SAFE_TYPES.contains(typeName) || isEnum(typeName));
                boolean external = tree.text(p).matches("(?s)\\s*@(?:RequestParam|PathVariable|RequestBody|RequestHeader|CookieValue|"
                        + "ModelAttribute|QueryParam|PathParam|FormParam|HeaderParam|RequestPart|MatrixVariable)\\b.*");
                if (name != null) {
                    params.add(new Param(tree.text(name), name, safe, external));
                }
            }
        }
        return params;
    }

    @Override
    Call call(Node node) {
        if (Tree.is(node, "method_invocation")) {
            Node object = Tree.field(node, "object");
            String name = tree.text(Tree.field(node, "name"));
            String callee = (object == null ? "" : tree.text(object) + ".") + name;
            return new Call(node, callee.replaceAll("\\s+", ""), name, object, args(node), noKeywords(), false);
        }
        if (Tree.is(node, "object_creation_expression")) {
            String type = tree.text(Tree.field(node, "type")).replaceAll("<.*", "");
            String simple = type.substring(type.lastIndexOf('.') + 1);
            return new Call(node, type, simple, null, args(node), noKeywords(), true);
        }
        return null;
    }

    private static List<Node> args(Node node) {
        Node arguments = Tree.field(node, "arguments");
        List<Node> args = new ArrayList<>();
        if (arguments != null) {
            for (Node arg : Tree.named(arguments)) {
                if (!Tree.is(arg, "line_comment", "block_comment")) {
                    args.add(arg);
                }
            }
        }
        return args;
    }

    @Override
    List<Binding> bindings(Node node) {
        List<Binding> out = new ArrayList<>();
        switch (Tree.type(node)) {
            case "variable_declarator", "resource" -> {
                Node value = Tree.field(node, "value");
                Node name = Tree.field(node, "name");
                if (value != null && name != null) {
                    out.add(new Binding(name, tree.text(name), value, false));
                }
            }
            case "assignment_expression" -> {
                Node left = Tree.field(node, "left");
                Node right = Tree.field(node, "right");
                if (left != null && right != null) { // either is missing where a tree was cut (MAX_DEPTH)
                    String operator = tree.text(Tree.field(node, "operator"));
                    out.add(new Binding(left, tree.text(left), right, operator.equals("+=")));
                }
            }
            case "enhanced_for_statement" -> {
                Node name = Tree.field(node, "name");
                Node value = Tree.field(node, "value");
                if (name != null && value != null) {
                    out.add(new Binding(name, tree.text(name), value, false));
                }
            }
            default -> { }
        }
        return out;
    }

    @Override
    Expr kind(Node node) {
        return switch (Tree.type(node)) {
            case "identifier" -> Expr.NAME;
            case "string_literal", "text_block", "character_literal", "string_fragment" -> Expr.STRING;
            case "binary_expression" -> "+".equals(tree.text(Tree.field(node, "operator"))) ? Expr.CONCAT : Expr.OTHER;
            case "field_access" -> Expr.MEMBER;
            case "array_access" -> Expr.SUBSCRIPT;
            case "method_invocation", "object_creation_expression" -> Expr.CALL;
            case "decimal_integer_literal", "hex_integer_literal", "decimal_floating_point_literal", "true", "false",
                 "null_literal", "class_literal" -> Expr.LITERAL;
            default -> Expr.OTHER;
        };
    }

    @Override
    List<Node> parts(Node node) {
        if (Tree.is(node, "binary_expression")) {
            return List.of(Tree.field(node, "left"), Tree.field(node, "right"));
        }
        return super.parts(node);
    }

    @Override
    Node object(Node node) {
        return Tree.is(node, "array_access") ? Tree.field(node, "array") : Tree.field(node, "object");
    }

    @Override
    Node condition(Node node) {
        return Tree.is(node, "if_statement", "while_statement", "ternary_expression", "do_statement")
                ? Tree.field(node, "condition") : null;
    }

    @Override
    Node returned(Node node) {
        return Tree.is(node, "return_statement") && node.getNamedChildCount() > 0 ? node.getNamedChild(0) : null;
    }
}
