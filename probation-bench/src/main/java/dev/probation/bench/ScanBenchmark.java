package dev.probation.bench;

import dev.probation.scan.CodeScanner;
import dev.probation.scan.Corpus;
import dev.probation.scan.Evaluation;
import dev.probation.scan.Finding;
import dev.probation.scan.Language;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The code analyser on the labelled corpus: precision and recall per CWE and language, speed, and
 * Debian's bandit on the Python part of the same corpus in the same run.
 *
 * <p>Usage: {@code ScanBenchmark --corpus corpus/code --out docs/benchmarks/code-scan.md [--bandit "bandit"]
 * [--bandit-shim "python3 scripts/bandit-py311-shim.py"]}
 */
public final class ScanBenchmark {

    /** bandit 1.6 test ids by the CWE they report (bandit 1.6 carries no CWE field). */
    static final Map<String, String> BANDIT_CWE = Map.ofEntries(
            Map.entry("B608", "CWE-89"), Map.entry("B610", "CWE-89"), Map.entry("B611", "CWE-89"),
            Map.entry("B602", "CWE-78"), Map.entry("B603", "CWE-78"), Map.entry("B604", "CWE-78"), Map.entry("B605", "CWE-78"),
            Map.entry("B606", "CWE-78"), Map.entry("B607", "CWE-78"), Map.entry("B609", "CWE-78"), Map.entry("B404", "CWE-78"),
            Map.entry("B301", "CWE-502"), Map.entry("B302", "CWE-502"), Map.entry("B403", "CWE-502"), Map.entry("B506", "CWE-502"),
            Map.entry("B105", "CWE-798"), Map.entry("B106", "CWE-798"), Map.entry("B107", "CWE-798"),
            Map.entry("B303", "CWE-328"), Map.entry("B324", "CWE-328"),
            Map.entry("B304", "CWE-327"), Map.entry("B305", "CWE-327"), Map.entry("B413", "CWE-327"),
            Map.entry("B307", "CWE-94"), Map.entry("B102", "CWE-94"),
            Map.entry("B701", "CWE-79"), Map.entry("B703", "CWE-79"), Map.entry("B308", "CWE-79"),
            Map.entry("B313", "CWE-611"), Map.entry("B314", "CWE-611"), Map.entry("B315", "CWE-611"), Map.entry("B316", "CWE-611"),
            Map.entry("B317", "CWE-611"), Map.entry("B318", "CWE-611"), Map.entry("B319", "CWE-611"), Map.entry("B320", "CWE-611"),
            Map.entry("B410", "CWE-611"), Map.entry("B202", "CWE-22"));

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path corpus = Path.of(options.getOrDefault("--corpus", "corpus/code"));
        Path out = Path.of(options.getOrDefault("--out", "docs/benchmarks/code-scan.md"));
        List<Evaluation.Snippet> all = Corpus.read(corpus);
        List<Evaluation.Snippet> heldOut = Corpus.readFile(corpus.resolve("earlier-heldout.jsonl"));
        CodeScanner scanner = new CodeScanner();

        Evaluation.run(all, scanner); // warm-up: JIT and the native parsers
        Evaluation.Result everything = Evaluation.run(all, scanner);
        Evaluation.Result blind = Evaluation.run(heldOut, scanner);
        java.util.Set<String> heldOutIds = new java.util.HashSet<>(heldOut.stream().map(Evaluation.Snippet::id).toList());
        Evaluation.Result development = Evaluation.run(all.stream().filter(s -> !heldOutIds.contains(s.id())).toList(), scanner);
        List<Evaluation.Snippet> python = all.stream().filter(s -> s.language().equals("python")).toList();
        Evaluation.Result probationPython = Evaluation.run(python, scanner);

        StringBuilder md = new StringBuilder();
        md.append("# Code analyser on the labelled corpus\n\n");
        md.append("Measured on ").append(LocalDate.now()).append(" with `scripts/bench-scan` (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(Runtime.version().feature())
                .append("). Corpus: `corpus/code/*.jsonl`, ").append(all.size())
                .append(" hand-labelled snippets written as LLM answers (fenced Markdown, `<code>` HTML and bare files), about half "
                        + "vulnerable; each secure snippet is labelled with the CWE it looks like, and many are near-twins of a "
                        + "vulnerable one. A finding counts as a true positive only on a vulnerable snippet of that CWE; any other "
                        + "finding of that CWE is a false positive.\n\n");
        md.append("## All snippets, per CWE\n\n");
        table(md, everything.byCwe(), "CWE");
        md.append("\n## All snippets, per language\n\n");
        table(md, everything.byLanguage(), "language");
        md.append(String.format(Locale.ROOT, "%nSpeed: %d snippets in %.2f s, **%.0f snippets per second** on one thread "
                + "(parsing with tree-sitter, two flow passes, all rules).%n", everything.snippets(), everything.seconds(),
                everything.snippetsPerSecond()));
        md.append(String.format(Locale.ROOT, "%nDevelopment part (everything but the held-out file, %d snippets): precision %.3f, "
                + "recall %.3f.%n", development.snippets(), development.total().precision(), development.total().recall()));
        md.append("\n## Held-out part (`earlier-heldout.jsonl`)\n\n");
        md.append("These ").append(heldOut.size()).append(" snippets were written for the previous, lexical detector by a helper who "
                + "never saw its rules, and were not looked at while the analyser was developed: the rest of the corpus was used "
                + "to find and fix mistakes, so its figures are optimistic; these are not.\n\n");
        table(md, blind.byCwe(), "CWE");
        md.append("\nMistakes on the held-out part:\n\n");
        blind.mistakes().forEach(m -> md.append("- ").append(m.replace("|", "\\|")).append('\n'));
        if (blind.mistakes().isEmpty()) {
            md.append("- none\n");
        }

        String bandit = options.get("--bandit");
        if (bandit != null) {
            md.append("\n## Side by side with bandit on the Python part (").append(python.size()).append(" snippets)\n\n");
            md.append("bandit is run on the Python code of each snippet, extracted from its Markdown or HTML exactly as Probation "
                    + "extracts it, one file per snippet, with default settings (every severity and confidence). bandit 1.6 has no "
                    + "CWE field, so its test ids are mapped to CWEs (B608 SQL, B602-B607 shell, B301/B403/B506 deserialisation, "
                    + "B105-B107 passwords, B303/B324 hashes, B304/B305/B413 ciphers, B307/B102 eval/exec, B701/B703/B308 XSS, B313-B320/B410 XML parsers, B202 tarfile "
                    + "extraction, which bandit 1.6 does not have yet).\n\n");
            Path dir = Files.createTempDirectory("bandit-corpus");
            Map<String, String> fileToId = new HashMap<>();
            for (Evaluation.Snippet s : python) {
                Path file = dir.resolve(s.id() + ".py");
                Files.writeString(file, CodeScanner.codeOf(s.response(), Language.PYTHON), StandardCharsets.UTF_8);
                fileToId.put(file.toString(), s.id());
            }
            List<String[]> columns = new ArrayList<>();
            columns.add(new String[] {"Probation", "in-process"});
            Map<String, Evaluation.Result> results = new java.util.LinkedHashMap<>();
            results.put("Probation", probationPython);
            Map<String, Double> seconds = new HashMap<>();
            seconds.put("Probation", probationPython.seconds());
            for (String[] variant : new String[][] {{"bandit " + version(bandit), bandit},
                    {"bandit + shim", options.get("--bandit-shim")}}) {
                if (variant[1] == null) {
                    continue;
                }
                long start = System.nanoTime();
                Map<String, List<Finding>> byId = runBandit(variant[1], dir, fileToId);
                double took = (System.nanoTime() - start) / 1e9;
                results.put(variant[0], Evaluation.run(python, s -> byId.getOrDefault(s.id(), List.of())));
                seconds.put(variant[0], took);
            }
            md.append("| CWE |");
            results.keySet().forEach(k -> md.append(' ').append(k).append(" P | R |"));
            md.append("\n|---|");
            results.keySet().forEach(k -> md.append("---|---|"));
            md.append('\n');
            md.append("");
        for (String cwe : probationPython.byCwe().keySet()) {
                md.append("| ").append(cwe).append(" |");
                for (Evaluation.Result r : results.values()) {
                    Evaluation.Counts c = r.byCwe().get(cwe);
                    md.append(c == null ? " - | - |" : String.format(Locale.ROOT, " %s | %.2f |",
                            c.truePositives() + c.falsePositives() == 0 ? "no finding" : String.format(Locale.ROOT, "%.2f", c.precision()),
                            c.recall()));
                }
                md.append('\n');
            }
            md.append("| **all** |");
            for (Evaluation.Result r : results.values()) {
                md.append(String.format(Locale.ROOT, " **%.2f** | **%.2f** |", r.total().precision(), r.total().recall()));
            }
            md.append("\n\nTime for the ").append(python.size()).append(" Python snippets: ");
            List<String> times = new ArrayList<>();
            seconds.forEach((k, v) -> times.add(String.format(Locale.ROOT, "%s %.2f s", k, v)));
            md.append(String.join(", ", times)).append(" (bandit includes its Python start-up, one process for all files).\n");
            md.append("\nbandit 1.6.2 is the version Debian 12 ships. On Python 3.8 and later its string-literal checks never run "
                    + "(it visits the `ast.Str` nodes Python no longer produces), so B105 (hard-coded password strings) and B608 "
                    + "(SQL built from strings) stay silent. The *bandit + shim* column runs the same bandit through "
                    + "`scripts/bandit-py311-shim.py`, ten lines that route string constants back to those checks, to show what "
                    + "bandit's rules would find when they run. bandit's rules are per call, without data flow: it flags every "
                    + "`subprocess` call and `import pickle`, and cannot tell a parameterised query from an injectable one.\n");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static void table(StringBuilder md, Map<String, Evaluation.Counts> rows, String label) {
        md.append("| ").append(label).append(" | snippets | true pos. | false pos. | missed | precision | recall |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        Evaluation.Counts total = new Evaluation.Counts(0, 0, 0, 0);
        for (Map.Entry<String, Evaluation.Counts> e : rows.entrySet()) {
            Evaluation.Counts c = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f |%n", e.getKey(), c.snippets(),
                    c.truePositives(), c.falsePositives(), c.falseNegatives(), c.precision(), c.recall()));
            total = new Evaluation.Counts(total.truePositives() + c.truePositives(), total.falsePositives() + c.falsePositives(),
                    total.falseNegatives() + c.falseNegatives(), total.snippets() + c.snippets());
        }
        md.append(String.format(Locale.ROOT, "| **all** | %d | %d | %d | %d | **%.3f** | **%.3f** |%n", total.snippets(),
                total.truePositives(), total.falsePositives(), total.falseNegatives(), total.precision(), total.recall()));
    }

    private static String version(String command) {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", command + " --version")).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse("").replaceAll("[^0-9.]", "").strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Runs bandit once over all files and maps its results back to snippet ids. */
    private static Map<String, List<Finding>> runBandit(String command, Path dir, Map<String, String> fileToId) throws Exception {
        Path report = Files.createTempFile("bandit", ".json");
        List<String> files = new ArrayList<>(fileToId.keySet());
        files.sort(null);
        String cmd = command + " -f json -q -o " + report + " " + String.join(" ", files);
        Process p = new ProcessBuilder(List.of("sh", "-c", cmd)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.MINUTES);
        JsonNode json = Json.MAPPER.readTree(Files.readString(report));
        Map<String, List<Finding>> byId = new HashMap<>();
        for (JsonNode r : json.path("results")) {
            String cwe = BANDIT_CWE.get(r.path("test_id").asString());
            String id = fileToId.get(r.path("filename").asString());
            if (cwe != null && id != null) {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(new Finding(cwe, r.path("test_id").asString(), id,
                        r.path("line_number").asInt(), 1, r.path("code").asString().strip(), r.path("issue_text").asString()));
            }
        }
        return byId;
    }
}
