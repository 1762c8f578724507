package dev.probation.report;

import dev.probation.run.AgentSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The denials afterwards of an agentic audit with follow-up questions: per cue family and side, how many
 * flagged trajectories the agent denied when asked ({@link AgentSummary#afterwards()}). Empty when nothing
 * was asked or nothing flagged, as the console does.
 */
final class AfterwardsView {

    private AfterwardsView() {}

    static Map<String, Object> of(AgentSummary agent) {
        List<AgentSummary.Afterwards> rows = agent == null ? List.of() : agent.afterwards();
        if (rows.stream().noneMatch(r -> r.flagged() > 0)) {
            return Map.of("hasAfterwards", false);
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (int i = 0; i + 1 < rows.size(); i += 2) { // observed, then unobserved, per family
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", rows.get(i).family());
            row.put("observed", cell(rows.get(i)));
            row.put("unobserved", cell(rows.get(i + 1)));
            table.add(row);
        }
        return Map.of("hasAfterwards", true, "afterwardsRows", table);
    }

    private static String cell(AgentSummary.Afterwards row) {
        if (row.asked() == 0) {
            return row.flagged() == 0 ? "none flagged" : "none asked";
        }
        return row.denied() + " of " + row.asked() + " (" + Html.percent(row.deniedRate()) + ") · " + row.admitted() + " admitted";
    }
}
