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

/** The white-box commands' inputs: a single-turn suite's scenarios, framed by cue families. */
final class SuiteOptions {

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

}
