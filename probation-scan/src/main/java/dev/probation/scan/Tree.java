package dev.probation.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSParser;

/** A parsed piece of code: tree-sitter's tree plus the text its byte offsets point into. */
final class Tree {

    private final byte[] utf8;
    private final Node root;
    private final int deepLine;
    private final int droppedLine;
    private final Language language;
    final String source;

    private Tree(String source, Language language, long maxNodes) {
        this.source = source;
        this.language = language;
        this.utf8 = source.getBytes(StandardCharsets.UTF_8);
        TSParser parser = new TSParser(); // parsers are not thread-safe; one per tree is cheap
        Grammar grammar = language.grammar();
        parser.setLanguage(grammar.language);
        try (var parsed = parser.parseString(null, source)) {
            org.treesitter.TSNode top = parsed.getRootNode();
            Node.Copy copy = Node.copy(parsed, grammar, utf8, CodeScanner.MAX_DEPTH, maxNodes);
            this.root = copy.root();
            this.deepLine = copy.deepLine();
            this.droppedLine = copy.droppedLine();
            if (top.hasError() && !root.hasError()) {
                markMissing(top, root); // only missing tokens: find them while the native tree is still open
            }
        } finally {
            parser.close();
        }
    }

    /** Walks the native and copied trees together to flag the nodes tree-sitter made up. */
    private static void markMissing(org.treesitter.TSNode node, Node copy) {
        if (node.isMissing()) {
            copy.markMissing();
        }
        if (!node.hasError()) {
            return;
        }
        int count = Math.min(node.getChildCount(), copy.getChildCount());
        for (int i = 0; i < count; i++) {
            markMissing(node.getChild(i), copy.getChild(i));
        }
    }

    private final java.util.Map<String, Boolean> finds = new java.util.HashMap<>();
    private Assignments assignments;

    /** Whether the regex occurs anywhere in the source; remembered, since rules ask per call. */
    boolean finds(String regex) {
        return finds.computeIfAbsent(regex, r -> java.util.regex.Pattern.compile(r).matcher(source).find());
    }

    /** The string literal assigned to a constant ({@code ALGORITHM = "SHA1withRSA"}), or null. */
    String constant(String name) {
        return assignments().constant(name);
    }

    /** The pattern assigned to a name, as written ({@code r'^\d+$'}, {@code /^\w+$/i}), or null. */
    String assignedPattern(String name) {
        return assignments().pattern(name);
    }

    private Assignments assignments() {
        if (assignments == null) {
            assignments = new Assignments(source);
        }
        return assignments;
    }

    static Tree parse(String source, Language language) {
        return parse(source, language, Math.max(10_000, Runtime.getRuntime().maxMemory() / CodeScanner.HEAP_BYTES_PER_NODE));
    }

    /** {@code maxNodes}: the most nodes copied out of tree-sitter; the code after them is not analysed. */
    static Tree parse(String source, Language language, long maxNodes) {
        return new Tree(source, language, maxNodes);
    }

    Language language() {
        return language;
    }

    Node root() {
        return root;
    }

    String text(Node node) {
        if (node == null) {
            return "";
        }
        int start = Math.min(node.getStartByte(), utf8.length);
        int end = Math.min(node.getEndByte(), utf8.length);
        return new String(utf8, start, Math.max(0, end - start), StandardCharsets.UTF_8);
    }

    static int line(Node node) {
        return node.getStartPoint().row() + 1;
    }

    int column(Node node) {
        // tree-sitter counts bytes; report characters
        int lineStart = node.getStartByte() - node.getStartPoint().column();
        return new String(utf8, lineStart, node.getStartPoint().column(), StandardCharsets.UTF_8).length() + 1;
    }

    static Node field(Node node, String name) {
        return node.getChildByFieldName(name);
    }

    static List<Node> named(Node node) {
        return node.namedChildren();
    }

    static String type(Node node) {
        return node.getType();
    }

    static boolean is(Node node, String... types) {
        if (node == null) {
            return false;
        }
        String type = node.getType();
        for (String t : types) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** The first line of code nested too deeply to be analysed ({@link CodeScanner#MAX_DEPTH}), or 0. */
    int deepLine() {
        return deepLine;
    }

    /** The line from which the code was left out because its tree outgrew the memory there is, or 0. */
    int droppedLine() {
        return droppedLine;
    }

    /** The first line of a syntax error, or 0 when the code parsed cleanly. */
    int firstErrorLine() {
        Node root = root();
        return root.hasError() ? errorLine(root) : 0;
    }

    private static int errorLine(Node node) {
        if (node.isError() || node.isMissing()) {
            return line(node);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            Node child = node.getChild(i);
            if (child.hasError()) {
                return errorLine(child);
            }
        }
        return line(node);
    }

    /** The share of the code's bytes inside error nodes, 0..1: how much the parser could not make sense of. */
    double errorShare() {
        return utf8.length == 0 ? 0 : (double) errorBytes(root()) / utf8.length;
    }

    private static long errorBytes(Node node) {
        if (node.isError()) {
            return node.getEndByte() - node.getStartByte();
        }
        if (!node.hasError()) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < node.getChildCount(); i++) {
            sum += errorBytes(node.getChild(i));
        }
        return sum;
    }
}
