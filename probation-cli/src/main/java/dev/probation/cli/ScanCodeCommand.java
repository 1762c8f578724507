package dev.probation.cli;

import dev.probation.run.Version;
import dev.probation.scan.CodeScanner;
import dev.probation.scan.Language;
import dev.probation.scan.ScanModels;
import dev.probation.scan.ScanReport;
import dev.probation.scan.ThreatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scan-code", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Finds vulnerable code in source files, Markdown and saved model answers: SQL, OS command and code "
            + "injection, path traversal, XSS, unsafe deserialisation, hard-coded credentials, weak ciphers and hashes, XXE. "
            + "Parses Python, Java, JavaScript and TypeScript and follows untrusted input to each sink.", ""},
        footer = {"", "Examples:", "  probation scan-code src/", "  probation scan-code --format sarif --output scan.sarif .",
            "  cat answer.md | probation scan-code --language python -",
            "  probation scan-code --models my-framework.yaml src/",
            "  probation scan-code --threat-model local tools/",
            "", "Folders are searched for .py .pyw .java .js .mjs .cjs .jsx .ts .mts .cts .tsx .md files (node_modules, .git, target, "
            + "build, dist and virtualenvs are skipped). Any other file named on the command line is read as text that may hold "
            + "code blocks.",
            "", "Only regular files are read: a device, FIFO or socket (also behind a symbolic link) is refused and named. A file "
            + "with a few NUL bytes or very long lines is still scanned; one that is binary, too large or unreadable is not, "
            + "and code nested more than 500 levels deep is analysed only down to that depth. Either way the report says so.",
            "", "Exit codes: 0 nothing found and every input scanned in full, 3 findings, 4 nothing found but an input was not "
            + "scanned or was scanned only in part, 1 runtime error (the report could not be written), 2 usage error."})
final class ScanCodeCommand implements Callable<Integer> {

    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", ".hg", ".svn", "node_modules", "target", "build", "dist",
            "venv", ".venv", "__pycache__", ".tox", ".mypy_cache", ".idea", ".gradle");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<path>", description = "Files or folders to scan; '-' reads a model answer from standard input.")
    List<String> paths;

    @Option(names = "--format", defaultValue = "text", paramLabel = "<format>",
            description = "text, json or sarif (SARIF 2.1.0, for GitHub code scanning and IDEs). Default: ${DEFAULT-VALUE}.")
    ScanReport.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>", description = "Write the report to a file instead of standard output.")
    Path output;

    @Option(names = "--language", paramLabel = "<language>",
            description = "Language of code whose language is not evident (untagged blocks, standard input): python, java, javascript, typescript.")
    String language;

    @Option(names = "--max-file-size", defaultValue = "2MiB", converter = ByteSize.class, paramLabel = "<size>",
            description = "Do not scan files larger than this, and say so: bytes or a unit such as 512KiB (default: ${DEFAULT-VALUE}; "
                + "at most 8MiB: a syntax tree holds up to 250 bytes of memory per byte of code).")
    long maxFileSize;

    @Option(names = "--models", paramLabel = "<file>",
            description = "A YAML file naming a framework's sources, sinks and sanitizers (docs/scan-models.md); repeatable. "
                + "Added to the built-in models (Javalin, aiohttp, Tornado).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--threat-model", defaultValue = "remote", paramLabel = "<model>", converter = ThreatModels.class,
            completionCandidates = ThreatModels.class,
            description = "Which inputs are untrusted, as in CodeQL: remote (default) counts requests, sockets, other servers' "
                + "responses and standard input; local adds environment variables, system properties, the command line, "
                + "file contents, properties files and database rows (for code whose local inputs an attacker may write).")
    ThreatModel threatModel;

    @Override
    public Integer call() throws IOException {
        Optional<Language> forced = Optional.empty();
        if (language != null) {
            forced = Optional.of(Language.fromTag(language).orElseThrow(() -> new UsageException(
                    "--language: unknown language '" + language + "'; use python, java, javascript or typescript")));
        }
        if (maxFileSize < 1 || maxFileSize > CodeScanner.MAX_BYTES_LIMIT) {
            throw new UsageException("--max-file-size must be between 1 byte and 8MiB (" + CodeScanner.MAX_BYTES_LIMIT
                    + " bytes; a syntax tree holds up to 250 bytes of memory per byte of code)");
        }
        CodeScanner scanner = new CodeScanner(maxFileSize, models()).withThreatModel(threatModel);
        List<Object> inputs = new ArrayList<>();
        List<CodeScanner.Result> results = new ArrayList<>();
        for (String p : paths) {
            if (p.equals("-")) {
                if (inputs.contains("-")) {
                    throw new UsageException("'-' (standard input) can be given only once");
                }
                inputs.add("-");
            } else {
                expand(Path.of(p), inputs, results);
            }
        }
        // the files are read once first, so that a call into another of them (a helper class) is followed
        scanner = scanner.withProject(scanner.project(inputs.stream().filter(Path.class::isInstance).map(Path.class::cast).toList()));
        ProgressBar progress = inputs.size() >= 20 ? new ProgressBar(spec.commandLine().getErr(), ProgressBar.interactiveTerminal(),
                "scan-code", "files") : null;
        if (progress != null) {
            progress.started(inputs.size(), 0, 0);
        }
        results.addAll(scanAll(scanner, inputs, forced, progress));
        if (progress != null) {
            progress.completed();
            progress.close();
        }
        ScanReport report = new ScanReport(results, Version.current(), threatModel);
        String rendered = report.render(format);
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, rendered, StandardCharsets.UTF_8);
            spec.commandLine().getErr().println(report.findings().size() + " finding(s); report written to " + output);
        } else {
            spec.commandLine().getOut().print(rendered);
            spec.commandLine().getOut().flush();
        }
        if (format != ScanReport.Format.TEXT || output != null) {
            for (CodeScanner.Result r : results) { // the text format already lists them
                if (r.error() != null) {
                    spec.commandLine().getErr().println(r.file() + ": error: " + r.error());
                } else if (!r.complete()) {
                    spec.commandLine().getErr().println(r.file() + ": warning: scanned only in part (the report says which part)");
                }
            }
        }
        if (!report.findings().isEmpty()) {
            return ExitCodes.GAP_DETECTED;
        }
        return report.complete() ? ExitCodes.CONSISTENT : ExitCodes.INCOMPLETE;
    }

    /** The built-in models and those given with --models; a mistake in one is a usage error naming file, line and field. */
    private ScanModels models() {
        ScanModels all = ScanModels.builtIn();
        for (Path file : models) {
            try {
                all = all.and(ScanModels.read(file));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UsageException("--models " + file + ": no such file");
            } catch (IOException e) {
                throw new UsageException("--models " + file + ": cannot read: " + e.getMessage());
            }
        }
        return all;
    }

    /**
     * Scans the inputs on one thread per core (files are independent, and a scanner is thread-safe),
     * and returns the results in input order, so that the report does not depend on the threads.
     */
    private static List<CodeScanner.Result> scanAll(CodeScanner scanner, List<Object> inputs, Optional<Language> forced,
            ProgressBar progress) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), inputs.size()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("scan-code-", 1).factory())) {
            List<Future<CodeScanner.Result>> futures = new ArrayList<>();
            for (Object input : inputs) {
                futures.add(pool.submit(() -> {
                    CodeScanner.Result result = input.equals("-") ? scanner.scanStream(System.in, forced, "-")
                            : scanner.scanFile((Path) input, forced);
                    if (progress != null) {
                        progress.step(result.error());
                    }
                    return result;
                }));
            }
            List<CodeScanner.Result> results = new ArrayList<>();
            for (Future<CodeScanner.Result> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * A file as is; a folder's source and Markdown files, depth first, in name order. Linked folders
     * are followed (a repository often links a shared one in), each real file is scanned once, and a
     * link back up the tree is not followed again.
     */
    private static void expand(Path path, List<Object> inputs, List<CodeScanner.Result> results) throws IOException {
        if (!Files.exists(path)) {
            results.add(CodeScanner.Result.failed(path.toString(), "no such file or folder"));
            return;
        }
        if (!Files.isDirectory(path)) {
            inputs.add(path);
            return;
        }
        List<Path> found = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        Files.walkFileTree(path, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(path) && SKIPPED_FOLDERS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                // links and special files with a source name are kept too: scanFile reads a link to a regular
                // file, and refuses, by name, one to a device or FIFO
                String name = file.getFileName().toString();
                if ((Language.fromFileName(file).isPresent() || name.endsWith(".md")) && seen.add(realPath(file))) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (e instanceof java.nio.file.FileSystemLoopException) {
                    return FileVisitResult.CONTINUE; // a link to a folder above it: that folder is scanned already
                }
                results.add(CodeScanner.Result.failed(file.toString(), "cannot read: " + e.getClass().getSimpleName()));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        inputs.addAll(found);
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize(); // a broken link: scanFile reports it by its own name
        }
    }
}
