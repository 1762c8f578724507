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
    private final int row;
    private final int column;
    private final Node parent;
    // Most nodes are leaves (tokens), and a stored library may keep millions of them (ParsedTrees): children
    // and their fields are arrays grown on demand, and a leaf shares the empty ones (about 110 bytes a node
    // on average instead of 250 with three lists each).
    private Node[] children = NO_CHILDREN;
    private String[] fields = NO_FIELDS;
    private int childCount;
    private List<Node> namedChildren = List.of();
    private boolean hasError;

    private static final Node[] NO_CHILDREN = {};
    private static final String[] NO_FIELDS = {};

    private Node(TreeCursor at, Node parent, Grammar grammar, Lines lines) {
        int symbol = at.symbol();
        this.type = grammar.symbol(symbol); // ERROR is symbol 65535, outside the table
        this.named = grammar.named(symbol);
        this.error = type.equals("ERROR");
        this.missing = false; // set by markMissing
        this.hasError = error;
        this.startByte = at.startByte();
        this.endByte = at.endByte();
        this.row = lines.row(startByte);
        this.column = startByte - lines.start(row);
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

        /**
         * The row of the last answer. A copy asks in document order, so stepping down from it costs one step
         * per line over the whole copy; a binary search per node cost a tenth of the copy.
         */
        private int row;

        int row(int offset) {
            if (offset < starts[row]) {
                int found = java.util.Arrays.binarySearch(starts, offset);
                row = found >= 0 ? found : -found - 2;
            }
            while (row + 1 < starts.length && starts[row + 1] <= offset) {
                row++;
            }
            return row;
        }

        int start(int row) {
            return starts[row];
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
                return new Copy(top, deepLine, node.row + 1);
            }
            parent.add(node, grammar.field(cursor.fieldId()));
            if (depth < maxDepth && cursor.gotoFirstChild()) {
                parent = node;
                depth++;
                continue;
            }
            if (depth >= maxDepth && deepLine == 0 && cursor.hasChildren()) {
                deepLine = node.row + 1;
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
        if (childCount == children.length) {
            children = java.util.Arrays.copyOf(children, Math.max(2, 2 * childCount));
        }
        if (field != null && fields.length < children.length) {
            fields = java.util.Arrays.copyOf(fields, children.length);
        }
        if (field != null) {
            fields[childCount] = field;
        }
        children[childCount++] = child;
        if (child.named) {
            if (namedChildren.isEmpty()) {
                namedChildren = new ArrayList<>(2);
            }
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
        return new Point(row, column);
    }

    Node getParent() {
        return parent;
    }

    int getChildCount() {
        return childCount;
    }

    Node getChild(int index) {
        return children[java.util.Objects.checkIndex(index, childCount)];
    }

    /** The grammar field of the child at {@code index} ({@code name}, {@code body}...), or null. */
    String getFieldName(int index) {
        java.util.Objects.checkIndex(index, childCount);
        return index < fields.length ? fields[index] : null;
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
        for (int i = 0; i < fields.length && i < childCount; i++) {
            if (field.equals(fields[i])) {
                return children[i];
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
