package dev.probation.scan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The syntax trees parsed while a project is read ({@link Project}), kept for its second pass and then
 * handed to the scan of the same file, so that a file is parsed once instead of three times (parsing
 * and copying a tree cost more than analysing it). Bounded by the heap: beyond {@link #HEAP_SHARE} of
 * it, trees are parsed again when needed, which gives the same trees. A tree is used by one thread at a
 * time: the passes and the scan follow each other. Thread-safe.
 */
final class ParsedTrees {

    /** The share of the JVM's maximum heap the kept trees may take. */
    static final double HEAP_SHARE = 0.25;
    /** Heap per character of source a kept tree takes (measured: about 46 bytes for Python, with its text). */
    static final int HEAP_BYTES_PER_CHAR = 64;

    private final Map<String, Tree> trees = new ConcurrentHashMap<>();
    private final AtomicLong room;

    /** {@code maxChars}: the most source characters whose trees are kept at a time. */
    ParsedTrees(long maxChars) {
        room = new AtomicLong(maxChars);
    }

    /** Kept trees taking up to {@link #HEAP_SHARE} of the heap. */
    static ParsedTrees forHeap() {
        return new ParsedTrees((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE / HEAP_BYTES_PER_CHAR));
    }

    /** The file's tree, parsed now unless kept from before; kept for later when there is room. */
    Tree parse(String file, String source, Language language) {
        Tree kept = kept(file, source, language);
        if (kept != null) {
            return kept;
        }
        Tree tree = Tree.parse(source, language);
        if (room.addAndGet(-source.length()) >= 0) {
            Tree previous = trees.put(file, tree);
            if (previous != null) {
                room.addAndGet(previous.source.length());
            }
        } else {
            room.addAndGet(source.length());
        }
        return tree;
    }

    /** The file's tree for its last use: kept from before (and no longer kept), or parsed now. */
    Tree take(String file, String source, Language language) {
        Tree kept = kept(file, source, language);
        if (kept != null && trees.remove(file, kept)) {
            room.addAndGet(source.length());
            return kept;
        }
        return Tree.parse(source, language);
    }

    /** The file's tree for a look that is not its last: kept from before, or parsed now and not kept. */
    Tree peek(String file, String source, Language language) {
        Tree kept = kept(file, source, language);
        return kept != null ? kept : Tree.parse(source, language);
    }

    /** The tree kept for the file if it was parsed from the same text in the same language, else null. */
    private Tree kept(String file, String source, Language language) {
        Tree tree = trees.get(file);
        return tree != null && tree.language() == language && tree.source.equals(source) ? tree : null;
    }
}
