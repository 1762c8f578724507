package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/**
 * The direct calls into tree-sitter's library copy exactly the tree the JNI binding copies: same
 * nodes, types, byte ranges, positions, fields and error marks, and the same depth and size limits.
 */
class TreeCursorTest {

    @Test
    void theLibraryIsCalledDirectlyOnThisPlatformNotThroughTheSlowBinding() {
        assertThat(NativeCursor.AVAILABLE).isTrue();
    }

    @Test
    void pythonWithSyntaxErrorsAndWideCharactersCopiesTheSameBothWays() {
        String code = """
                import os  # café ☕ 😀
                def ping(request):
                    host = request.args['host']
                    os.system(f"ping {host} 😀" + 'x')
                    if (:
                        pass
                class A(B, metaclass=M):
                    @property
                    def x(self): return lambda y: [z for z in y if z]
                """;
        assertSameCopy(code, Language.PYTHON, CodeScanner.MAX_DEPTH, Long.MAX_VALUE);
    }

    @Test
    void javaJavaScriptAndTypeScriptCopyTheSameBothWays() {
        assertSameCopy("class A { void f(String s) throws Exception { Runtime.getRuntime().exec(s + \"é\"); } int g( }",
                Language.JAVA, CodeScanner.MAX_DEPTH, Long.MAX_VALUE);
        assertSameCopy("const x = require('child_process'); x.exec(`ls ${req.query.q}`); function (", Language.JAVASCRIPT,
                CodeScanner.MAX_DEPTH, Long.MAX_VALUE);
        assertSameCopy("let n: number = f<string>(a as any); interface I { m(): void }", Language.TYPESCRIPT,
                CodeScanner.MAX_DEPTH, Long.MAX_VALUE);
    }

    @Test
    void theDepthAndNodeLimitsCutAtTheSamePlaceBothWays() {
        String deep = "x = " + "[".repeat(40) + "1" + "]".repeat(40) + "\ny = 2\n";
        assertSameCopy(deep, Language.PYTHON, 12, Long.MAX_VALUE);
        assertSameCopy(deep, Language.PYTHON, CodeScanner.MAX_DEPTH, 30);
    }

    @Test
    void thisModulesOwnSourcesCopyTheSameBothWays() throws Exception {
        for (String name : new String[] {"Node.java", "NativeCursor.java", "Flow.java"}) {
            String code = Files.readString(Path.of("src/main/java/dev/probation/scan", name));
            assertSameCopy(code, Language.JAVA, CodeScanner.MAX_DEPTH, Long.MAX_VALUE);
        }
    }

    private static void assertSameCopy(String code, Language language, int maxDepth, long maxNodes) {
        Grammar grammar = language.grammar();
        byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        TSParser parser = new TSParser();
        parser.setLanguage(grammar.language);
        try (TSTree tree = parser.parseString(null, code)) {
            Node.Copy direct;
            try (TreeCursor cursor = new NativeCursor(tree)) {
                direct = Node.copy(cursor, grammar, utf8, maxDepth, maxNodes);
            }
            Node.Copy binding;
            try (TreeCursor cursor = new TreeCursor.Jni(tree)) {
                binding = Node.copy(cursor, grammar, utf8, maxDepth, maxNodes);
            }
            assertThat(dump(direct.root())).isEqualTo(dump(binding.root())).contains("(");
            assertThat(direct.deepLine()).isEqualTo(binding.deepLine());
            assertThat(direct.droppedLine()).isEqualTo(binding.droppedLine());
        } finally {
            parser.close();
        }
    }

    /** Every property a copied node has, children in order with their fields. */
    private static String dump(Node node) {
        StringBuilder out = new StringBuilder("(").append(node.getType()).append(node.isNamed() ? "" : "'")
                .append(node.isError() ? "!" : "").append(node.hasError() ? "?" : "").append(' ')
                .append(node.getStartByte()).append('-').append(node.getEndByte()).append('@')
                .append(node.getStartPoint());
        for (int i = 0; i < node.getChildCount(); i++) {
            out.append(' ').append(node.getFieldName(i)).append(':').append(dump(node.getChild(i)));
        }
        return out.append(')').toString();
    }
}
