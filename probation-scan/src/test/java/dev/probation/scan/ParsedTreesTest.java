package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A file read for the project is parsed once: its tree serves the second pass and then the scan, and only then is let go. */
class ParsedTreesTest {

    private static final String HELPERS = "import os\ndef run(cmd):\n    os.system(cmd)\n";

    @Test
    void theProjectPassesAndTheScanShareOneTreeThenItIsLetGo() {
        ParsedTrees trees = new ParsedTrees(1_000);
        Tree first = trees.parse("app/helpers.py", HELPERS, Language.PYTHON);
        assertThat(trees.parse("app/helpers.py", HELPERS, Language.PYTHON)).isSameAs(first);
        assertThat(trees.take("app/helpers.py", HELPERS, Language.PYTHON)).isSameAs(first);
        assertThat(trees.take("app/helpers.py", HELPERS, Language.PYTHON)).isNotSameAs(first); // no longer kept
    }

    @Test
    void aFileWhoseTextOrLanguageChangedIsParsedAgain() {
        ParsedTrees trees = new ParsedTrees(1_000);
        Tree first = trees.parse("app/helpers.py", HELPERS, Language.PYTHON);
        Tree edited = trees.take("app/helpers.py", HELPERS + "run('ls')\n", Language.PYTHON);
        assertThat(edited).isNotSameAs(first);
        assertThat(edited.source).endsWith("run('ls')\n");
        assertThat(trees.take("app/helpers.py", HELPERS, Language.JAVASCRIPT).language()).isEqualTo(Language.JAVASCRIPT);
    }

    @Test
    void treesBeyondTheRoomAreNotKeptAndRoomFreedByTheScanIsReused() {
        ParsedTrees trees = new ParsedTrees(HELPERS.length());
        Tree kept = trees.parse("a.py", HELPERS, Language.PYTHON);
        Tree notKept = trees.parse("b.py", HELPERS, Language.PYTHON);
        assertThat(trees.parse("b.py", HELPERS, Language.PYTHON)).isNotSameAs(notKept);
        assertThat(trees.take("a.py", HELPERS, Language.PYTHON)).isSameAs(kept);
        Tree nowKept = trees.parse("b.py", HELPERS, Language.PYTHON);
        assertThat(trees.parse("b.py", HELPERS, Language.PYTHON)).isSameAs(nowKept);
    }

    @Test
    void withoutAProjectNothingIsKept() {
        Tree tree = Project.NONE.tree("a.py", HELPERS, Language.PYTHON);
        assertThat(Project.NONE.tree("a.py", HELPERS, Language.PYTHON)).isNotSameAs(tree);
    }
}
