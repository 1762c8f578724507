package dev.probation.gateway;

import dev.probation.detect.Evidence;
import dev.probation.detect.Verdict;
import dev.probation.util.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON the admin API answers with. Field names are part of the {@code /api} contract. */
final class Views {

    private static final int PREVIEW = 240;

    private Views() {}

    static ObjectNode summary(Exchange e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", e.id()).put("kind", e.kind().id());
        if (e.shadowOf() != null) {
            node.put("shadowOf", e.shadowOf());
        }
        node.put("startedAt", e.startedAt().toString()).put("durationMs", round(e.durationMs()))
                .put("upstreamMs", round(e.upstreamMs())).put("status", e.status()).put("streamed", e.streamed())
                .put("model", e.model()).put("clientTag", e.clientTag()).put("path", e.path())
                .put("flagged", e.flagged());
        if (e.error() != null) {
            node.put("error", e.error());
        } else {
            node.putNull("error");
        }
        node.putObject("usage").put("inputTokens", e.usage().inputTokens()).put("outputTokens", e.usage().outputTokens())
                .put("reasoningTokens", e.usage().reasoningTokens());
        node.put("toolCalls", e.tools().answerCalls().size());
        node.put("answerPreview", e.answer().length() <= PREVIEW ? e.answer() : e.answer().substring(0, PREVIEW) + "…");
        ArrayNode verdicts = node.putArray("verdicts");
        for (Verdict v : e.verdicts()) {
            ObjectNode verdict = verdicts.addObject().put("detector", v.detector()).put("label", v.label())
                    .put("flagged", v.flagged()).put("score", v.score());
            callId(verdict, v);
        }
        return node;
    }

    static ObjectNode detail(Exchange e, List<Exchange> shadows) {
        ObjectNode node = summary(e);
        node.remove("answerPreview");
        node.put("requestBody", e.requestBody()).put("responseBody", e.responseBody()).put("answer", e.answer())
                .put("reasoning", e.reasoning()).put("finishReason", e.finishReason());
        ArrayNode verdicts = node.putArray("verdicts");
        for (Verdict v : e.verdicts()) {
            ObjectNode verdict = verdicts.addObject().put("detector", v.detector()).put("label", v.label())
                    .put("flagged", v.flagged()).put("score", v.score()).put("explanation", v.explanation());
            callId(verdict, v);
            ArrayNode evidence = verdict.putArray("evidence");
            for (Evidence span : v.evidence()) {
                evidence.addObject().put("source", span.source()).put("start", span.start()).put("end", span.end())
                        .put("quote", span.quote());
            }
        }
        tools(node, e.tools());
        ArrayNode shadowNodes = node.putArray("shadows");
        shadows.forEach(s -> shadowNodes.add(summary(s)));
        return node;
    }

    /** The tool call a verdict points at (evidence from {@code call:<id>}, as the live action detector gives), if any. */
    private static void callId(ObjectNode node, Verdict v) {
        v.evidence().stream().filter(e -> e.source().startsWith("call:")).findFirst()
                .ifPresent(e -> node.put("callId", e.source().substring("call:".length())));
    }

    /** The request's tools and the conversation's tool calls as steps; arguments and results are data, shown as text. */
    private static void tools(ObjectNode node, ToolTrace trace) {
        ArrayNode tools = node.putArray("tools");
        trace.tools().forEach(t -> tools.addObject().put("name", t.name()).put("description", t.description())
                .put("parameters", t.parametersJson()));
        ArrayNode steps = node.putArray("steps");
        for (ToolTrace.Step s : trace.steps()) {
            ObjectNode step = steps.addObject().put("step", s.step()).put("callId", s.callId()).put("name", s.name())
                    .put("arguments", s.arguments()).put("error", s.error()).put("inAnswer", s.inAnswer());
            if (s.result() == null) {
                step.putNull("result");
            } else {
                step.put("result", s.result());
            }
        }
    }

    static ObjectNode page(Page page, ExchangeQuery query) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("total", page.total()).put("limit", query.limit()).put("offset", query.offset());
        ArrayNode items = node.putArray("items");
        page.items().forEach(e -> items.add(summary(e)));
        return node;
    }

    static ObjectNode alert(Alert a) {
        return Json.MAPPER.createObjectNode().put("id", a.id()).put("raisedAt", a.raisedAt().toString())
                .put("model", a.model()).put("detector", a.detector()).put("rate", a.rate())
                .put("baseline", a.baseline()).put("eValue", a.statistic()).put("samples", a.samples())
                .put("message", a.message());
    }

    static ObjectNode gap(GapEstimate g) {
        return Json.MAPPER.createObjectNode().put("n", g.n()).put("liveRate", g.live()).put("shadowRate", g.shadow())
                .put("gap", g.gap()).put("low", g.low()).put("high", g.high()).put("significant", g.significant());
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
