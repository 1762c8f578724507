package dev.probation.scan;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Prints what the analyser finds in chosen corpus snippets: {@code -Dsnippets=id1,id2}. A tool, not a check. */
@EnabledIfSystemProperty(named = "snippets", matches = ".+")
class DebugSnippets {

    @Test
    void print() {
        Set<String> ids = Set.of(System.getProperty("snippets").split(","));
        List<Evaluation.Snippet> all = Corpus.read(CorpusTest.CORPUS);
        for (Evaluation.Snippet s : all) {
            if (ids.contains(s.id())) {
                System.out.println("== " + s.id() + " " + s.cwe() + " " + (s.vulnerable() ? "vulnerable" : "secure"));
                for (CodeBlocks.Block b : CodeBlocks.extract(s.response(), Language.fromTag(s.language()))) {
                    Tree tree = Tree.parse(b.code(), b.language().orElseThrow());
                    System.out.println("block " + b.language() + " errorLine=" + tree.firstErrorLine());
                    if (System.getProperty("tree") != null) {
                        System.out.println(tree.root());
                    }
                }
                new CodeScanner().scanAnswer(s.response(), Language.fromTag(s.language()), s.id()).findings()
                        .forEach(f -> System.out.println("  " + f));
            }
        }
    }
}
