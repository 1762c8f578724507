package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's examples run from a fresh clone: every file a command reads is shipped (in examples/)
 * or written by an earlier example, and the offline examples print what the README shows.
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A command as the README shows it, and the lines it shows after it (empty in sh blocks). */
    record Example(List<String> args, List<String> shown) {}

    private static List<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        boolean fenced = false;
        Example current = null;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                current = null;
                continue;
            }
            String command = line.startsWith("$ ./probation ") ? line.substring(2) : line.startsWith("./probation ") ? line : null;
            if (fenced && command != null) {
                current = new Example(new ArrayList<>(List.of(command.replaceAll("\\s+#.*$", "").replaceAll("\\s*\\\\$", "")
                        .strip().split("\\s+"))), new ArrayList<>());
                examples.add(current);
            } else if (fenced && current != null && !line.startsWith("$ ") && !line.startsWith("      ")) {
                current.shown().add(line);
            } else if (fenced && line.startsWith("$ ")) {
                current = null;
            }
        }
        return examples;
    }

    @Test
    void everyFileAnExampleReadsIsShippedOrWrittenByAnEarlierExample() throws IOException {
        Set<String> written = new HashSet<>();
        List<String> checked = new ArrayList<>();
        for (Example example : examples()) {
            List<String> args = example.args();
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i).replaceAll("^['\"]|['\"]$", "");
                if (List.of("-o", "--out", "--output").contains(args.get(i - 1))) {
                    written.add(arg);
                    continue;
                }
                boolean file = !arg.startsWith("-") && !arg.contains(":") && !arg.contains("|")
                        && (arg.contains("/") || arg.matches(".*\\.(?:jsonl|json|yaml|yml|py|md)"));
                if (file && !written.contains(arg)) {
                    assertThat(ROOT.resolve(arg)).as(String.join(" ", args) + " reads " + arg).exists();
                    checked.add(arg);
                }
            }
        }
        assertThat(checked).contains("examples/app", "examples/traces.jsonl", "examples/answers.jsonl", "examples/broken-suite.yaml");
    }

    @Test
    void theOfflineExamplesOnShippedFilesPrintWhatTheReadmeShows() throws IOException {
        int compared = 0;
        for (Example example : examples()) {
            List<String> args = example.args();
            boolean onShippedFiles = args.stream().anyMatch(a -> a.startsWith("examples/")) && !args.contains("|")
                    && !args.contains("--detector") && !args.contains("lie-detector");
            if (!onShippedFiles || example.shown().isEmpty()) {
                continue;
            }
            String[] run = args.subList(1, args.size()).stream().map(a -> a.startsWith("examples/") ? ROOT.resolve(a).toString() : a)
                    .toArray(String[]::new);
            Cli cli = Cli.run(run);
            String printed = (cli.err() + cli.out()).replace(ROOT + "/", "");
            assertThat(printed.lines().map(String::stripTrailing).toList()).as(String.join(" ", args))
                    .containsSubsequence(example.shown().stream().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList());
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(3);
    }
}
