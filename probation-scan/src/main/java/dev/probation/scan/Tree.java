package dev.probation.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/** A parsed piece of code: tree-sitter's tree plus the text its byte offsets point into. */
final class Tree {

    private final byte[] utf8;
    private final TSTree tree;
    private final Language language;
    final String source;

    private Tree(String source, Language language) {
        this.source = source;
        this.language = language;
        this.utf8 = source.getBytes(StandardCharsets.UTF_8);
        TSParser parser = new TSParser(); // parsers are not thread-safe; one per tree is cheap
        parser.setLanguage(language.grammar());
        this.tree = parser.parseString(null, source);
    }

    static Tree parse(String source, Language language) {
        return new Tree(source, language);
    }

    Language language() {
        return language;
    }

    TSNode root() {
        return tree.getRootNode();
    }

    String text(TSNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        int start = Math.min(node.getStartByte(), utf8.length);
        int end = Math.min(node.getEndByte(), utf8.length);
        return new String(utf8, start, Math.max(0, end - start), StandardCharsets.UTF_8);
    }

    static int line(TSNode node) {
        return node.getStartPoint().getRow() + 1;
    }

    int column(TSNode node) {
        // tree-sitter counts bytes; report characters
        int lineStart = node.getStartByte() - node.getStartPoint().getColumn();
        return new String(utf8, lineStart, node.getStartPoint().getColumn(), StandardCharsets.UTF_8).length() + 1;
    }

    static TSNode field(TSNode node, String name) {
        TSNode child = node.getChildByFieldName(name);
        return child == null || child.isNull() ? null : child;
    }

    static List<TSNode> named(TSNode node) {
        int count = node.getNamedChildCount();
        List<TSNode> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            children.add(node.getNamedChild(i));
        }
        return children;
    }

    static boolean is(TSNode node, String... types) {
        if (node == null || node.isNull()) {
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

    /** The first line of a syntax error, or 0 when the code parsed cleanly. */
    int firstErrorLine() {
        TSNode root = root();
        return root.hasError() ? errorLine(root) : 0;
    }

    private static int errorLine(TSNode node) {
        if (node.isError() || node.isMissing()) {
            return line(node);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            TSNode child = node.getChild(i);
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

    private static long errorBytes(TSNode node) {
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
