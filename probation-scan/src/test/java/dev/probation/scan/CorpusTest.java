package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analyser against the labelled corpus in corpus/code: precision and recall per CWE. */
class CorpusTest {

    static final Path CORPUS = Path.of("..", "corpus", "code");

    static void print(String title, Evaluation.Result r) {
        System.out.printf("%s: %d snippets, %.0f/s%n", title, r.snippets(), r.snippetsPerSecond());
        for (Map.Entry<String, Evaluation.Counts> e : r.byCwe().entrySet()) {
            System.out.printf("  %-8s P=%.3f R=%.3f %s%n", e.getKey(), e.getValue().precision(), e.getValue().recall(), e.getValue());
        }
        r.byLanguage().forEach((l, c) -> System.out.printf("  %-10s P=%.3f R=%.3f %s%n", l, c.precision(), c.recall(), c));
        r.mistakes().forEach(m -> System.out.println("  MISTAKE " + m));
    }

    @Test
    void precisionAndRecallAtLeastNinetyPercentForEveryCwe() {
        List<Evaluation.Snippet> all = Corpus.read(CORPUS);
        assertThat(all).hasSizeGreaterThanOrEqualTo(300);
        Evaluation.Result result = Evaluation.run(all, new CodeScanner());
        print("corpus", result);
        result.byCwe().forEach((cwe, counts) -> {
            assertThat(counts.precision()).as("precision for %s: %s", cwe, counts).isGreaterThanOrEqualTo(0.9);
            assertThat(counts.recall()).as("recall for %s: %s", cwe, counts).isGreaterThanOrEqualTo(0.9);
        });
    }
}
