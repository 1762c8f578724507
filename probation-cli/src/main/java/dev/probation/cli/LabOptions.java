package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What the white-box commands share: the inputs (a suite's scenarios under observed framings) and the run's size. */
final class LabOptions {

    enum Format { TEXT, JSON }

    @Option(names = {"-s", "--suite"}, defaultValue = "oversight-choice", paramLabel = "<name|file>",
            description = "Scenarios to run, and the detector that says which answers misbehave (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--families", split = ",", paramLabel = "<name>",
            description = "Cue families whose observed framing frames the inputs (default: the six built-in ones).")
    List<String> families = new ArrayList<>();

    @Option(names = "--families-file", paramLabel = "<file>",
            description = "A YAML file of extra cue families (same names replace built-in ones); with --families, "
                    + "pick among both. Without --families, its families are used alone.")
    java.nio.file.Path familiesFile;

    @Option(names = "--layer", defaultValue = "-1", paramLabel = "<n>",
            description = "The block (from 0) after which the residual stream is changed (default: each model's middle "
                    + "block for noise; every block in turn for steering).")
    int layer;

    @Option(names = "--inputs", defaultValue = "80", paramLabel = "<n>",
            description = "The most inputs to keep, of those on which every model behaves (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--samples", defaultValue = "4", paramLabel = "<k>",
            description = "Noisy answers per input and dose (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--doses", split = ",", paramLabel = "<d>",
            description = "Noise doses, as multiples of the residual stream's own scale (default: 0,0.25,0.5,0.75,1,1.5).")
    List<Double> doses = new ArrayList<>(dev.probation.lab.Intoxication.DEFAULT_DOSES);

    @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>",
            description = "Fixes the inputs' order and every noise draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>",
            description = "Also write report.html (charts) and summary.json (the --format json object) into this folder: "
                    + "new, empty, or an earlier lab report's.")
    java.nio.file.Path out;

    @Option(names = "--format", defaultValue = "text", paramLabel = "<text|json>",
            description = "text (a table) or json (one object on standard output) (default: ${DEFAULT-VALUE}).")
    String format;

    Format format() {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new UsageException("--format: expected text or json, found '" + format + "'");
        };
    }

    Suite suite() {
        Suite chosen;
        try {
            chosen = Suites.resolve(suite);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (chosen.agentic()) {
            throw new UsageException("--suite: " + chosen.name() + " is agentic; the lab runs single-turn suites");
        }
        return chosen;
    }

    List<CueFamily> families() {
        List<CueFamily> extra;
        try {
            extra = familiesFile == null ? List.of() : CueFamilies.load(familiesFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            if (families.isEmpty()) {
                return extra.isEmpty() ? CueFamilies.builtIn() : extra;
            }
            return CueFamilies.select(CueFamilies.merge(CueFamilies.builtIn(), extra), families);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--families: " + e.getMessage());
        }
    }

    Detector detector(Suite suite) {
        return Detectors.create(suite.detector(), DetectorOptions.offline());
    }

    /** Checked before a long run, so that a bad --out fails at once. */
    void checkOut() {
        if (out != null) {
            OutputFolder.forResults(out, e -> REPORT_FILES.contains(e.getFileName().toString()), "lab report");
        }
    }

    static final List<String> REPORT_FILES = List.of("report.html", "summary.json");

    /** Writes report.html and summary.json when --out was given; returns the report's path, or null. */
    java.nio.file.Path write(String html, Object summary) throws java.io.IOException {
        if (out == null) {
            return null;
        }
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve("summary.json"),
                dev.probation.util.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
        java.nio.file.Path report = out.resolve("report.html");
        java.nio.file.Files.writeString(report, html);
        return report;
    }

    void check() {
        if (layer < -1) {
            throw new UsageException("--layer: expected a block from 0, found " + layer);
        }
        if (inputs < 1) {
            throw new UsageException("--inputs: expected 1 or more, found " + inputs);
        }
        if (samples < 1) {
            throw new UsageException("--samples: expected 1 or more, found " + samples);
        }
        for (double d : doses) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new UsageException("--doses: expected numbers of 0 or more, found " + d);
            }
        }
        format();
        checkOut();
    }
}
