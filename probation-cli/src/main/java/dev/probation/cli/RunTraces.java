package dev.probation.cli;

import dev.probation.reasoning.Trace;
import dev.probation.run.Attempt;
import dev.probation.run.ReasoningSplitter;
import dev.probation.run.RunContents;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** The reasoning of an audit's answers as traces, each carrying where it came from (scenario, family, side, sample). */
record RunTraces(List<Trace> traces, int withoutReasoning) {

    static RunTraces of(RunContents run) {
        List<Trace> traces = new ArrayList<>();
        int without = 0;
        for (Attempt attempt : run.attempts()) {
            if (!attempt.succeeded()) {
                continue;
            }
            String reasoning = ReasoningSplitter.split(attempt.response()).reasoning();
            if (reasoning.isBlank()) {
                without++;
                continue;
            }
            ObjectNode fields = Json.MAPPER.createObjectNode()
                    .put("id", attempt.id())
                    .put("scenario", attempt.scenario())
                    .put("family", attempt.family())
                    .put("side", attempt.side().id())
                    .put("sample", attempt.sample())
                    .put("reasoning", reasoning);
            traces.add(new Trace(attempt.id(), reasoning, null, null, Set.of(), fields));
        }
        return new RunTraces(traces, without);
    }
}
