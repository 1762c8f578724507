package dev.probation.scan;

import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSTree;

/**
 * A syntax tree node copied out of tree-sitter. Every TSNode method is a JNI call that allocates;
 * the analysis asks each node dozens of questions, so the tree is copied into plain Java objects
 * once, with a cursor ({@link TreeCursor}), and analysed from there (about ten times faster).
 */
final class Node {

    /** A position: 0-based row, and column in bytes. */
    record Point(int row, int column) {}

    private final String type;
    private final boolean named;
    private final boolean error;
    private boolean missing;
    private final int startByte;
    private final int endByte;
    private final Point start;
    private final Node parent;
    private final List<Node> children = new ArrayList<>(4);
    private final List<String> fields = new ArrayList<>(4);
    private final List<Node> namedChildren = new ArrayList<>(4);
    private boolean hasError;

    private Node(TreeCursor at, Node parent, Grammar grammar, Lines lines) {
        int symbol = at.symbol();
        this.type = grammar.symbol(symbol); // ERROR is symbol 65535, outside the table
        this.named = grammar.named(symbol);
        this.error = type.equals("ERROR");
        this.missing = false; // set by markMissing
        this.hasError = error;
        this.startByte = at.startByte();
        this.endByte = at.endByte();
        this.start = lines.point(startByte);
        this.parent = parent;
        if (error) { // errors are rare: marking the ancestors here saves a walk over every node afterwards
            for (Node p = parent; p != null && !p.hasError; p = p.parent) {
                p.hasError = true;
            }
        }
    }

    /** Turns byte offsets into rows and byte columns. */
    static final class Lines {
        private final int[] starts;

        Lines(byte[] utf8) {
            int count = 1;
            for (byte b : utf8) {
                count += b == '\n' ? 1 : 0;
            }
            starts = new int[count];
            for (int i = 0, line = 1; i < utf8.length; i++) {
                if (utf8[i] == '\n') {
                    starts[line++] = i + 1;
                }
            }
        }

        Point point(int offset) {
            int row = java.util.Arrays.binarySearch(starts, offset);
            row = row >= 0 ? row : -row - 2;
            return new Point(row, offset - starts[row]);
        }
    }

    /**
     * A copied tree.
     *
     * @param root        its root
     * @param deepLine    the 1-based line of the first node whose children were left out for lying deeper
     *                    than the depth limit, or 0
     * @param droppedLine the 1-based line from which nodes were left out because the tree reached the node
     *                    limit, or 0
     */
    record Copy(Node root, int deepLine, int droppedLine) {}

    /**
     * Copies {@code tree}, depth first with one cursor, down to {@code maxDepth} levels and
     * up to {@code maxNodes} nodes. The node limit keeps the Java heap from running out while tree-sitter's
     * JNI binding allocates: it does not survive an OutOfMemoryError.
     */
    static Copy copy(TSTree tree, Grammar grammar, byte[] utf8, int maxDepth, long maxNodes) {
        try (TreeCursor cursor = TreeCursor.open(tree)) {
            return copy(cursor, grammar, utf8, maxDepth, maxNodes);
        }
    }

    /** Copies the tree under the cursor's position (tests compare the two kinds of cursor). */
    static Copy copy(TreeCursor cursor, Grammar grammar, byte[] utf8, int maxDepth, long maxNodes) {
        Lines lines = new Lines(utf8);
        int deepLine = 0;
        Node top = new Node(cursor, null, grammar, lines);
        Node parent = top;
        if (!cursor.gotoFirstChild()) {
            return new Copy(top, 0, 0);
        }
        int depth = 1;
        for (long count = 1; ; count++) {
            Node node = new Node(cursor, parent, grammar, lines);
            if (count >= maxNodes) {
                return new Copy(top, deepLine, node.start.row() + 1);
            }
            parent.add(node, grammar.field(cursor.fieldId()));
            if (depth < maxDepth && cursor.gotoFirstChild()) {
                parent = node;
                depth++;
                continue;
            }
            if (depth >= maxDepth && deepLine == 0 && cursor.hasChildren()) {
                deepLine = node.start.row() + 1;
            }
            while (!cursor.gotoNextSibling()) {
                if (!cursor.gotoParent() || parent == top) {
                    return new Copy(top, deepLine, 0);
                }
                parent = parent.parent;
                depth--;
            }
        }
    }

    private void add(Node child, String field) {
        children.add(child);
        fields.add(field);
        if (child.named) {
            namedChildren.add(child);
        }
    }

    /** Marks a node tree-sitter inserted to recover from an error (a missing ')' or ';'). */
    void markMissing() {
        missing = true;
        hasError = true;
        for (Node p = parent; p != null; p = p.parent) {
            p.hasError = true;
        }
    }

    String getType() {
        return type;
    }

    boolean isNamed() {
        return named;
    }

    boolean isError() {
        return error;
    }

    boolean isMissing() {
        return missing;
    }

    boolean hasError() {
        return hasError;
    }

    int getStartByte() {
        return startByte;
    }

    int getEndByte() {
        return endByte;
    }

    Point getStartPoint() {
        return start;
    }

    Node getParent() {
        return parent;
    }

    int getChildCount() {
        return children.size();
    }

    Node getChild(int index) {
        return children.get(index);
    }

    /** The grammar field of the child at {@code index} ({@code name}, {@code body}...), or null. */
    String getFieldName(int index) {
        return fields.get(index);
    }

    int getNamedChildCount() {
        return namedChildren.size();
    }

    Node getNamedChild(int index) {
        return namedChildren.get(index);
    }

    List<Node> namedChildren() {
        return namedChildren;
    }

    /** The child in a grammar field ({@code name}, {@code arguments}, {@code operator}...), or null. */
    Node getChildByFieldName(String field) {
        for (int i = 0; i < fields.size(); i++) {
            if (field.equals(fields.get(i))) {
                return children.get(i);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("(").append(type);
        for (Node child : namedChildren) {
            out.append(' ').append(child);
        }
        return out.append(')').toString();
    }
}
