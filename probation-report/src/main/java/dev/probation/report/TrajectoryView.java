package dev.probation.report;

import dev.probation.agent.Denial;
import dev.probation.agent.FollowUp;
import dev.probation.agent.Step;
import dev.probation.agent.ToolResult;
import dev.probation.agent.Trajectory;
import dev.probation.detect.Verdict;
import dev.probation.model.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's trajectory as the report shows it: each step's text, its tool calls with their arguments and
 * results, bad calls and simulated tools marked, the step (and call) that decided the verdict highlighted,
 * and the follow-up questions asked afterwards with a denial marked. Values are plain text; the template
 * escapes them, because transcripts are data.
 */
final class TrajectoryView {

    static final int RESULT_LIMIT = 1200;
    static final int ARGUMENTS_LIMIT = 600;

    private TrajectoryView() {}

    static Map<String, Object> of(Trajectory trajectory, Verdict.Decision decided) {
        Map<String, Object> view = new LinkedHashMap<>();
        int steps = trajectory.steps().size();
        view.put("stepCount", steps == 1 ? "1 step" : steps + " steps");
        view.put("stepLimitHit", trajectory.stepLimitHit());
        view.put("hasBadCalls", trajectory.totalBadCalls() > 0);
        view.put("badCalls", trajectory.totalBadCalls());
        view.put("finalStateDecided", decided != null && decided.step() < 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Step step : trajectory.steps()) {
            boolean decisive = decided != null && decided.step() == step.index();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", step.index());
            row.put("decisive", decisive);
            row.put("hasText", !step.text().isBlank());
            row.put("text", step.text());
            List<Map<String, Object>> calls = new ArrayList<>();
            for (int i = 0; i < step.calls().size(); i++) {
                ToolCall call = step.calls().get(i);
                ToolResult result = step.results().get(i);
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", call.id());
                c.put("name", call.name());
                c.put("arguments", cut(call.argumentsJson(), ARGUMENTS_LIMIT));
                c.put("result", cut(result.text(), RESULT_LIMIT));
                c.put("isError", result.error() && result.badCall() == null);
                c.put("isBad", result.badCall() != null);
                c.put("bad", result.badCall() == null ? "" : result.badCall().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                c.put("simulated", result.simulation() == ToolResult.Simulation.ANSWERED);
                c.put("simulatorFailed", result.simulation() == ToolResult.Simulation.FAILED);
                c.put("decisive", decisive && !decided.callId().isEmpty() && decided.callId().equals(call.id()));
                calls.add(c);
            }
            row.put("calls", calls);
            rows.add(row);
        }
        view.put("steps", rows);
        view.putAll(followUps(trajectory, decided != null));
        return view;
    }

    /**
     * The questions asked afterwards and the answers; on a flagged trajectory, the answer that decided how the
     * {@code denied} check reads them is marked (a denial, or an admission). Calls made while answering
     * are shown as not executed.
     */
    private static Map<String, Object> followUps(Trajectory trajectory, boolean flagged) {
        Denial.Reading reading = Denial.read(trajectory.followUps());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < trajectory.followUps().size(); i++) {
            FollowUp followUp = trajectory.followUps().get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i + 1);
            row.put("question", followUp.question());
            row.put("answer", cut(followUp.answer(), RESULT_LIMIT));
            row.put("denied", flagged && reading.stance() == Denial.Stance.DENIED && reading.followUp() == i);
            row.put("admitted", flagged && reading.stance() == Denial.Stance.ADMITTED && reading.followUp() == i);
            row.put("calls", followUp.calls().stream().map(c -> c.name() + "(" + cut(c.argumentsJson(), ARGUMENTS_LIMIT) + ")").toList());
            rows.add(row);
        }
        return Map.of("hasFollowUps", !rows.isEmpty(), "followUps", rows);
    }

    private static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + " … (" + (text.length() - limit) + " more characters)";
    }
}
