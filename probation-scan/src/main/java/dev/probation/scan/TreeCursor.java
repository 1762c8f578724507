package dev.probation.scan;

import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;

/**
 * A walk over tree-sitter's native tree, asking only what {@link Node#copy} needs. Two ways in: direct
 * calls into tree-sitter's C library ({@link NativeCursor}), or the JNI binding where that library's
 * functions cannot be found. Not thread-safe; close it when done.
 */
interface TreeCursor extends AutoCloseable {

    /** A cursor at the root of {@code tree}, the fast one when this platform allows it. */
    static TreeCursor open(TSTree tree) {
        return NativeCursor.AVAILABLE ? new NativeCursor(tree) : new Jni(tree);
    }

    /** The current node's grammar symbol (65535 for ERROR), its byte range, and its field in its parent (0: none). */
    int symbol();

    int startByte();

    int endByte();

    int fieldId();

    /** Whether the current node has children (asked only where the copy stops descending). */
    boolean hasChildren();

    boolean gotoFirstChild();

    boolean gotoNextSibling();

    boolean gotoParent();

    @Override
    void close();

    /** Through tree-sitter-ng's JNI binding: each question is two JNI calls and a node object, about 1.5 µs a node. */
    final class Jni implements TreeCursor {
        private final TSTreeCursor cursor;
        private org.treesitter.TSNode node;

        Jni(TSTree tree) {
            cursor = new TSTreeCursor(tree.getRootNode());
        }

        private org.treesitter.TSNode node() {
            if (node == null) {
                node = cursor.currentNode();
            }
            return node;
        }

        @Override
        public int symbol() {
            return node().getSymbol();
        }

        @Override
        public int startByte() {
            return node().getStartByte();
        }

        @Override
        public int endByte() {
            return node().getEndByte();
        }

        @Override
        public int fieldId() {
            return cursor.currentFieldId();
        }

        @Override
        public boolean hasChildren() {
            return node().getChildCount() > 0;
        }

        @Override
        public boolean gotoFirstChild() {
            node = null;
            return cursor.gotoFirstChild();
        }

        @Override
        public boolean gotoNextSibling() {
            node = null;
            return cursor.gotoNextSibling();
        }

        @Override
        public boolean gotoParent() {
            node = null;
            return cursor.gotoParent();
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
