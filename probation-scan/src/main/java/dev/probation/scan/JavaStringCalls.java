package dev.probation.scan;

import java.util.List;
import java.util.Locale;

/**
 * {@code String} methods evaluated on constants for {@link JavaConstants}: {@code "ABC".charAt(1)},
 * {@code guess.length()}, {@code mode.equals("safe")}, {@code s.substring(1)}. Chars and booleans
 * come back as numbers (a char's code, 1 or 0), strings as strings; anything else is null (unknown).
 */
final class JavaStringCalls {

    /** Evaluates a sub-expression at a nesting depth. */
    interface Evaluator {
        Object eval(Node node, int depth);
    }

    private JavaStringCalls() {}

    static Object call(Node call, Tree tree, Evaluator evaluator, int depth) {
        Node object = Tree.field(call, "object");
        Node arguments = Tree.field(call, "arguments");
        if (object == null || arguments == null || !(evaluator.eval(object, depth) instanceof String s)) {
            return null;
        }
        List<Node> argNodes = Tree.named(arguments);
        Object[] args = new Object[argNodes.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = evaluator.eval(argNodes.get(i), depth);
            if (args[i] == null) {
                return null;
            }
        }
        try {
            return apply(s, tree.text(Tree.field(call, "name")), args);
        } catch (IndexOutOfBoundsException | ClassCastException e) {
            return null; // the call would throw, or takes a char where we hold a number: unknown
        }
    }

    private static Object apply(String s, String method, Object[] args) {
        return switch (method + "/" + args.length) {
            case "charAt/1" -> (long) s.charAt(index(args[0]));
            case "length/0" -> (long) s.length();
            case "isEmpty/0" -> bool(s.isEmpty());
            case "equals/1" -> args[0] instanceof String t ? bool(s.equals(t)) : 0L;
            case "equalsIgnoreCase/1" -> bool(s.equalsIgnoreCase((String) args[0]));
            case "startsWith/1" -> bool(s.startsWith((String) args[0]));
            case "endsWith/1" -> bool(s.endsWith((String) args[0]));
            case "contains/1" -> bool(s.contains((String) args[0]));
            case "indexOf/1" -> args[0] instanceof String t ? (long) s.indexOf(t) : (long) s.indexOf((int) (long) (Long) args[0]);
            case "substring/1" -> s.substring(index(args[0]));
            case "substring/2" -> s.substring(index(args[0]), index(args[1]));
            case "toUpperCase/0" -> s.toUpperCase(Locale.ROOT);
            case "toLowerCase/0" -> s.toLowerCase(Locale.ROOT);
            case "trim/0" -> s.trim();
            case "strip/0" -> s.strip();
            case "toString/0", "intern/0" -> s;
            default -> null;
        };
    }

    private static int index(Object value) {
        long n = (Long) value;
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException((int) Math.min(n, -1));
        }
        return (int) n;
    }

    private static long bool(boolean value) {
        return value ? 1L : 0L;
    }
}
