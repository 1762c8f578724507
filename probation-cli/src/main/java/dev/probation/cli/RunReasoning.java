package dev.probation.cli;

import dev.probation.reasoning.Inspection;
import dev.probation.reasoning.ReasoningInspector;
import dev.probation.reasoning.Trace;
import dev.probation.run.ReasoningRates;
import dev.probation.run.RunContents;
import java.util.ArrayList;
import java.util.List;

/** Inspects the reasoning of an audit's answers and counts what it found per cue family and side. */
final class RunReasoning {

    private RunReasoning() {}

    /** The rates, or null when no answer carried reasoning. */
    static ReasoningRates rates(RunContents run, ReasoningInspector inspector) {
        List<Trace> traces = RunTraces.of(run).traces();
        if (traces.isEmpty()) {
            return null;
        }
        List<String> families = run.header().config().families();
        int[][] counts = new int[families.size() * 2][3];
        String method = "offline";
        for (Trace trace : traces) {
            Inspection found = inspector.inspect(trace.reasoning());
            method = found.method();
            int family = families.indexOf(trace.fields().path("family").asString());
            if (family < 0) {
                continue;
            }
            int[] count = counts[family * 2 + (trace.fields().path("side").asString().equals("observed") ? 0 : 1)];
            count[0]++;
            count[1] += found.faking() ? 1 : 0;
            count[2] += found.aware() ? 1 : 0;
        }
        List<ReasoningRates.Row> rows = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            rows.add(new ReasoningRates.Row(families.get(f), count(counts[f * 2]), count(counts[f * 2 + 1])));
        }
        return new ReasoningRates(method, rows);
    }

    private static ReasoningRates.Count count(int[] c) {
        return new ReasoningRates.Count(c[0], c[1], c[2]);
    }
}
