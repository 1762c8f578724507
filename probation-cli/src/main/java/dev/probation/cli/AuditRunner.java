package dev.probation.cli;

import dev.probation.detect.Detector;
import dev.probation.model.ManagedModel;
import dev.probation.report.Reports;
import dev.probation.run.Analysis;
import dev.probation.run.Audit;
import dev.probation.run.AuditConfig;
import dev.probation.run.AuditListener;
import dev.probation.run.RunContents;
import dev.probation.run.Summary;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import java.nio.file.Path;
import java.util.List;

/** Runs one audit into a folder — {@code run.jsonl} as it goes, then the reports — for audit and demo. */
final class AuditRunner {

    static final String RUN_LOG = "run.jsonl";

    record Outcome(RunContents run, Summary summary) {}

    private AuditRunner() {}

    static Outcome run(AuditConfig config, Suite suite, List<CueFamily> families, ManagedModel model, Detector detector,
                       Path out, boolean resume, double maxFailures, AuditListener listener) {
        return run(config, suite, families, model, null, detector, out, resume, maxFailures, listener, false);
    }

    /**
     * @param simulator        the model that answers simulated tools, or null
     * @param inspectReasoning whether to add the rates of alignment-faking reasoning per framing to the reports
     */
    static Outcome run(AuditConfig config, Suite suite, List<CueFamily> families, ManagedModel model, ManagedModel simulator,
                       Detector detector, Path out, boolean resume, double maxFailures, AuditListener listener,
                       boolean inspectReasoning) {
        RunContents run = Audit.builder()
                .config(config).suite(suite).families(families)
                .model(model).simulator(simulator).detector(detector)
                .runLog(out.resolve(RUN_LOG)).resume(resume)
                .listener(listener)
                .build().run();
        Summary summary = Analysis.summarize(run, detector.flaggedLabel(), maxFailures);
        if (inspectReasoning) {
            summary = summary.withReasoning(RunReasoning.rates(run, dev.probation.reasoning.ReasoningInspector.offline()));
        }
        Reports.writeAll(run, summary, out);
        return new Outcome(run, summary);
    }
}
