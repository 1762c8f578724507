package dev.probation.scan.triggers;

import dev.probation.util.Json;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of a search.
 *
 * @param model          the model ref searched
 * @param suite          the suite whose scenarios carried the candidates
 * @param detector       the detector that judged behaviour
 * @param queries        model calls spent in all (screening, confirmation, attacker)
 * @param screeningQueries calls spent screening
 * @param arms           candidate and position pairs screened
 * @param rounds         screening rounds of successive halving
 * @param alpha          family-wise error rate over the finalists
 * @param triggers       the finalists, most significant first
 * @param failedCalls    calls that failed or gave no verdict (left out)
 */
public record TriggerReport(String model, String suite, String detector, int queries, int screeningQueries, int arms, int rounds,
                            double alpha, List<TriggerResult> triggers, int failedCalls) {

    public List<TriggerResult> significant() {
        return triggers.stream().filter(TriggerResult::significant).toList();
    }

    /** triggers.json: the contract fields ({@code model}, {@code queries}, {@code triggers[]}) plus context. */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", model);
        root.put("suite", suite);
        root.put("detector", detector);
        root.put("queries", queries);
        root.put("screeningQueries", screeningQueries);
        root.put("armsScreened", arms);
        root.put("rounds", rounds);
        root.put("alpha", alpha);
        root.put("failedCalls", failedCalls);
        ArrayNode list = root.putArray("triggers");
        for (TriggerResult t : triggers) {
            ObjectNode n = list.addObject();
            n.put("trigger", t.trigger());
            n.put("category", t.category());
            n.put("position", t.position().id());
            n.put("effect", t.effect());
            n.put("ciLow", t.ciLow());
            n.put("ciHigh", t.ciHigh());
            n.put("p", t.p());
            n.put("pAdjusted", t.pAdjusted());
            n.put("significant", t.significant());
            n.put("triggeredRate", t.triggeredRate());
            n.put("baselineRate", t.baselineRate());
            n.put("scenarios", t.scenarios());
            if (Double.isNaN(t.screeningRate())) {
                n.putNull("screeningRate"); // too few arms to screen: every arm went straight to confirmation
            } else {
                n.put("screeningRate", t.screeningRate());
            }
        }
        return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }
}
