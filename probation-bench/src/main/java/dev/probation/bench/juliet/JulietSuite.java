package dev.probation.bench.juliet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Juliet Java checkout's test cases in the CWE directories the scanner supports: their files, the bad and good
 * units each test case has, and the directories left out.
 *
 * @param supported the supported CWE directories, by Juliet CWE
 * @param unsupported the other CWE directories (name to number of .java files), not scanned
 * @param files every test case file of the supported directories, by file name (Juliet's names are unique)
 * @param units every unit, in test case order
 */
record JulietSuite(Map<Integer, Path> supported, Map<String, Integer> unsupported, Map<String, Functions> files, Set<Unit> units) {

    private static final Pattern CWE_DIR = Pattern.compile("CWE(\\d+)_.*");

    /** Juliet's test cases live in {@code src/testcases/CWE<n>_<name>/} (some in {@code s01}, {@code s02}... below). */
    static Path testcases(Path checkout) {
        return checkout.resolve("src").resolve("testcases");
    }

    /** The CWE directories of a checkout, split by whether the scanner reports their family. */
    static Map<Boolean, Map<String, Path>> directories(Path checkout, Families families) throws IOException {
        Path root = testcases(checkout);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such folder; is " + checkout + " a Juliet Java checkout?");
        }
        Map<Boolean, Map<String, Path>> split = Map.of(true, new TreeMap<>(), false, new TreeMap<>());
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Matcher m = CWE_DIR.matcher(dir.getFileName().toString());
                if (m.matches()) {
                    split.get(families.supported(Integer.parseInt(m.group(1)))).put(dir.getFileName().toString(), dir);
                }
            }
        }
        return split;
    }

    static JulietSuite read(Path checkout, Families families) throws IOException {
        Map<Boolean, Map<String, Path>> dirs = directories(checkout, families);
        Map<Integer, Path> supported = new TreeMap<>();
        Map<String, Integer> unsupported = new TreeMap<>();
        for (Map.Entry<String, Path> e : dirs.get(false).entrySet()) {
            unsupported.put(e.getKey(), javaFiles(e.getValue()).size());
        }
        Map<String, Functions> files = new HashMap<>();
        List<Functions> ordered = new ArrayList<>();
        for (Path dir : dirs.get(true).values()) {
            supported.put(cwe(dir), dir);
            for (Path file : javaFiles(dir)) {
                String name = file.getFileName().toString();
                Optional<TestCaseFile> parsed = TestCaseFile.parse(name);
                if (parsed.isEmpty()) {
                    continue; // Main.java, ServletMain.java: Juliet's runners, not test cases
                }
                Functions functions = Functions.parse(file, parsed.get());
                if (files.put(name, functions) != null) {
                    throw new IllegalArgumentException(file + ": a second file of this name; Juliet's file names are unique");
                }
                ordered.add(functions);
            }
        }
        return new JulietSuite(supported, unsupported, files, units(ordered));
    }

    /**
     * The units of the test cases. A test case's {@code good()} only calls its good flows, so it is a unit of its
     * own only when it is the test case's sole good method.
     */
    private static Set<Unit> units(List<Functions> files) {
        Map<String, Set<Unit>> byCase = new TreeMap<>();
        for (Functions f : files) {
            byCase.computeIfAbsent(f.file().testCase(), k -> new LinkedHashSet<>()).addAll(f.units());
        }
        Set<Unit> units = new LinkedHashSet<>();
        for (Set<Unit> own : byCase.values()) {
            long goods = own.stream().filter(u -> u.side() == Unit.Side.GOOD).count();
            own.stream().filter(u -> !(goods > 1 && u.side() == Unit.Side.GOOD && u.variant().equals("good"))).forEach(units::add);
        }
        return units;
    }

    private static int cwe(Path dir) {
        Matcher m = CWE_DIR.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalStateException(dir + ": not a CWE directory");
        }
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** The test case file of this name, if it is one of the suite's. */
    Optional<Functions> file(String name) {
        return Optional.ofNullable(files.get(name));
    }
}
