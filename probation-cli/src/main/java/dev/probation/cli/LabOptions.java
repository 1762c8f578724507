package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What the white-box commands share: the inputs (a suite's scenarios under observed framings) and the run's size. */
final class LabOptions {

    @picocli.CommandLine.Mixin
    SuiteOptions suiteOptions;

    @picocli.CommandLine.Mixin
    ReportOptions report;

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

    ReportOptions.Format format() {
        return report.format();
    }

    Suite suite() {
        return suiteOptions.suite();
    }

    List<CueFamily> families() {
        return suiteOptions.families();
    }

    Detector detector(Suite suite) {
        return suiteOptions.detector(suite);
    }

    /** Writes report.html and summary.json when --out was given; returns the report's path, or null. */
    java.nio.file.Path write(String html, Object summary) throws java.io.IOException {
        return report.write(html, summary);
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
        report.check();
    }
}
