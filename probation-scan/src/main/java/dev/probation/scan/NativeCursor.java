package dev.probation.scan;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/**
 * Walks tree-sitter's tree by calling its C functions directly (the Foreign Function API), in the library
 * tree-sitter-ng has already loaded. Through the JNI binding every question costs two native calls and
 * a node object, which made copying a tree out three times slower than parsing it; here a node costs
 * about seven short calls that never leave the thread's Java state. Where the library does not export
 * these functions, {@link #AVAILABLE} is false and {@link TreeCursor.Jni} is used instead.
 */
final class NativeCursor implements TreeCursor {

    /** {@code struct TSNode { uint32_t context[4]; const void *id; const TSTree *tree; }} */
    private static final MemoryLayout NODE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, JAVA_INT), ADDRESS, ADDRESS);
    /** {@code struct TSTreeCursor { const void *tree; const void *id; uint32_t context[3]; }}, padded to 32 bytes. */
    private static final MemoryLayout CURSOR = MemoryLayout.structLayout(
            ADDRESS, ADDRESS, MemoryLayout.sequenceLayout(3, JAVA_INT), MemoryLayout.paddingLayout(4));

    private static final MethodHandle TREE_POINTER;
    private static final MethodHandle ROOT_NODE;
    private static final MethodHandle CURSOR_NEW;
    private static final MethodHandle CURSOR_DELETE;
    private static final MethodHandle CURRENT_NODE;
    private static final MethodHandle CURRENT_FIELD;
    private static final MethodHandle FIRST_CHILD;
    private static final MethodHandle NEXT_SIBLING;
    private static final MethodHandle PARENT;
    private static final MethodHandle SYMBOL;
    private static final MethodHandle START_BYTE;
    private static final MethodHandle END_BYTE;
    private static final MethodHandle CHILD_COUNT;
    /** Whether this platform's tree-sitter library exports the functions used here. */
    static final boolean AVAILABLE;

    static {
        MethodHandle[] h = new MethodHandle[13];
        boolean available = false;
        try {
            new TSParser().close(); // loads tree-sitter-ng's native library
            SymbolLookup lookup = SymbolLookup.loaderLookup();
            // TSTree keeps its native pointer to itself; both live in the unnamed module, which opens them
            h[0] = MethodHandles.privateLookupIn(TSTree.class, MethodHandles.lookup())
                    .findVirtual(TSTree.class, "getPtr", MethodType.methodType(long.class));
            Linker.Option quick = Linker.Option.critical(false); // short calls that never call back into Java
            h[1] = handle(lookup, "ts_tree_root_node", FunctionDescriptor.of(NODE, ADDRESS));
            h[2] = handle(lookup, "ts_tree_cursor_new", FunctionDescriptor.of(CURSOR, NODE));
            h[3] = handle(lookup, "ts_tree_cursor_delete", FunctionDescriptor.ofVoid(ADDRESS));
            h[4] = handle(lookup, "ts_tree_cursor_current_node", FunctionDescriptor.of(NODE, ADDRESS), quick);
            h[5] = handle(lookup, "ts_tree_cursor_current_field_id", FunctionDescriptor.of(JAVA_SHORT, ADDRESS), quick);
            h[6] = handle(lookup, "ts_tree_cursor_goto_first_child", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS), quick);
            h[7] = handle(lookup, "ts_tree_cursor_goto_next_sibling", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS), quick);
            h[8] = handle(lookup, "ts_tree_cursor_goto_parent", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS), quick);
            h[9] = handle(lookup, "ts_node_symbol", FunctionDescriptor.of(JAVA_SHORT, NODE), quick);
            h[10] = handle(lookup, "ts_node_start_byte", FunctionDescriptor.of(JAVA_INT, NODE), quick);
            h[11] = handle(lookup, "ts_node_end_byte", FunctionDescriptor.of(JAVA_INT, NODE), quick);
            h[12] = handle(lookup, "ts_node_child_count", FunctionDescriptor.of(JAVA_INT, NODE), quick);
            available = !Boolean.getBoolean("probation.jniCursor"); // the binding's walk, to compare
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not exported here (or native access denied): the JNI binding still works
        }
        TREE_POINTER = h[0];
        ROOT_NODE = h[1];
        CURSOR_NEW = h[2];
        CURSOR_DELETE = h[3];
        CURRENT_NODE = h[4];
        CURRENT_FIELD = h[5];
        FIRST_CHILD = h[6];
        NEXT_SIBLING = h[7];
        PARENT = h[8];
        SYMBOL = h[9];
        START_BYTE = h[10];
        END_BYTE = h[11];
        CHILD_COUNT = h[12];
        AVAILABLE = available;
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment function = lookup.find(name).orElseThrow(() -> new IllegalStateException(name + " not exported"));
        return Linker.nativeLinker().downcallHandle(function, descriptor, options);
    }

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment cursor;
    /** The current node, fetched once per position; {@code valid} says whether it is the current one. */
    private final MemorySegment node;
    private final SegmentAllocator intoNode;
    private boolean valid;

    NativeCursor(TSTree tree) {
        try {
            MemorySegment treePointer = MemorySegment.ofAddress((long) TREE_POINTER.invokeExact(tree));
            node = arena.allocate(NODE);
            intoNode = SegmentAllocator.prefixAllocator(node);
            MemorySegment root = (MemorySegment) ROOT_NODE.invokeExact(intoNode, treePointer);
            cursor = (MemorySegment) CURSOR_NEW.invokeExact((SegmentAllocator) arena, root);
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("tree-sitter's cursor could not be opened", e);
        }
    }

    private MemorySegment node() {
        if (!valid) {
            try {
                MemorySegment ignored = (MemorySegment) CURRENT_NODE.invokeExact(intoNode, cursor);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            valid = true;
        }
        return node;
    }

    @Override
    public int symbol() {
        try {
            return Short.toUnsignedInt((short) SYMBOL.invokeExact(node()));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int startByte() {
        try {
            return (int) START_BYTE.invokeExact(node());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int endByte() {
        try {
            return (int) END_BYTE.invokeExact(node());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int fieldId() {
        try {
            return Short.toUnsignedInt((short) CURRENT_FIELD.invokeExact(cursor));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean hasChildren() {
        try {
            return (int) CHILD_COUNT.invokeExact(node()) > 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean gotoFirstChild() {
        return move(FIRST_CHILD);
    }

    @Override
    public boolean gotoNextSibling() {
        return move(NEXT_SIBLING);
    }

    @Override
    public boolean gotoParent() {
        return move(PARENT);
    }

    private boolean move(MethodHandle step) {
        valid = false;
        try {
            return (boolean) step.invokeExact(cursor);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            CURSOR_DELETE.invokeExact(cursor);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            arena.close();
        }
    }
}
