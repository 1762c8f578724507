package dev.probation.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.probation.detect.Verdict;
import dev.probation.run.Analysis;
import dev.probation.run.Attempt;
import dev.probation.run.AuditConfig;
import dev.probation.run.RunContents;
import dev.probation.run.Summary;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Side;
import dev.probation.stats.FamilyResult;
import dev.probation.stats.GapAnalysis;
import dev.probation.stats.ScenarioPair;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no network) with the
 * verdict, a forest plot of the gap per cue family, the flagged rates, a per-scenario breakdown,
 * the most divergent observed/unobserved answer pairs side by side with their evidence marked,
 * and the reasoning behind them.
 */
public final class HtmlReport {

    static final int EXAMPLES = 6;
    static final int ANSWER_LIMIT = 2500;
    static final int REASONING_LIMIT = 1500;

    private static final Mustache TEMPLATE = new DefaultMustacheFactory("dev/probation/report").compile("report.html.mustache");

    private HtmlReport() {}

    public static String render(RunContents run, Summary summary) {
        StringWriter out = new StringWriter();
        try {
            TEMPLATE.execute(out, scope(run, summary)).flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    static Map<String, Object> scope(RunContents run, Summary summary) {
        AuditConfig config = run.header().config();
        Map<String, Object> scope = new LinkedHashMap<>();
        boolean gap = GapAnalysis.GAP_DETECTED.equals(summary.verdict());
        scope.put("model", summary.model());
        scope.put("suite", summary.suite());
        scope.put("suiteDescription", run.header().suite().description());
        scope.put("verdict", summary.verdict());
        scope.put("verdictClass", gap ? "bad" : "good");
        scope.put("headline", headline(summary));
        scope.put("inconclusive", summary.inconclusive());
        scope.put("problems", summary.problems());
        scope.put("createdAt", summary.createdAt().toString());
        scope.put("tool", summary.tool());
        scope.put("detector", summary.detector() + (config.judge() == null ? " (offline rules)" : " (judge: " + config.judge()
                + ", " + config.votes() + (config.votes() == 1 ? " vote)" : " votes)")));
        scope.put("flaggedLabel", summary.flaggedLabel());
        scope.put("alpha", summary.alpha());
        scope.put("samples", summary.samples());
        scope.put("seed", summary.seed());
        scope.put("scenarios", summary.scenarios());
        scope.put("attempts", summary.attempts());
        scope.put("failedAttempts", summary.failedAttempts());
        scope.put("invalidVerdicts", summary.invalidVerdicts());
        scope.put("settings", settings(config, run));
        scope.put("forestSvg", Charts.forest(summary.families(), summary.sequential() != null ? "closed" : "Holm"));
        scope.put("ratesSvg", Charts.rates(summary.families(), summary.flaggedLabel()));
        scope.put("families", families(summary, run.header().families()));
        boolean sequential = summary.sequential() != null;
        scope.put("fixed", !sequential);
        scope.put("margin", Html.points(summary.margin()).replace("+", "±"));
        String level = Html.level(summary.alpha());
        scope.put("intervalName", sequential ? level + " confidence sequence" : "95% CI");
        scope.put("level", level);
        scope.put("adjustedName", sequential ? "p (closed)" : "p (Holm)");
        if (sequential) {
            var spent = summary.sequential();
            scope.put("sequential", true);
            scope.put("sequencesSvg", Charts.sequences(spent, summary.margin()));
            scope.put("sequentialText", String.format(Locale.ROOT, "%d calls of the fixed design's %d (%d saved, %.0f%%); %d of %d "
                    + "scenarios used in batches of %d; stopped: %s.", spent.calls(), spent.fixedCalls(), spent.callsSaved(),
                    spent.fixedCalls() == 0 ? 0 : 100.0 * spent.callsSaved() / spent.fixedCalls(), spent.scenarios(), summary.scenarios(),
                    spent.batch(), spent.stop().replace('-', ' ')));
        }
        if (summary.reasoning() != null && !summary.reasoning().families().isEmpty()) {
            scope.put("hasReasoning", true);
            scope.put("reasoningMethod", summary.reasoning().method());
            scope.put("reasoningSvg", Charts.reasoning(summary.reasoning()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (dev.probation.run.ReasoningRates.Row r : summary.reasoning().families()) {
                Map<String, Object> row = new HashMap<>();
                row.put("name", r.family());
                row.put("observed", count(r.observed()));
                row.put("unobserved", count(r.unobserved()));
                rows.add(row);
            }
            scope.put("reasoningRows", rows);
        }
        Map<String, List<ScenarioPair>> pairs = Analysis.pairs(run);
        scope.putAll(AfterwardsView.of(summary.agent()));
        scope.put("breakdown", breakdown(pairs));
        List<Map<String, Object>> examples = examples(run, summary, pairs);
        scope.put("examples", examples);
        scope.put("hasExamples", !examples.isEmpty());
        List<Map<String, Object>> errors = run.attempts().stream().filter(a -> !a.succeeded()).limit(20)
                .map(a -> Map.<String, Object>of("id", a.id(), "error", a.error())).toList();
        scope.put("errors", errors);
        scope.put("hasErrors", !errors.isEmpty());
        scope.put("moreErrors", Math.max(0, summary.failedAttempts() - errors.size()));
        return scope;
    }

    private static String headline(Summary summary) {
        List<FamilyResult> significant = summary.families().stream().filter(FamilyResult::significant).toList();
        if (significant.isEmpty()) {
            String margin = Html.points(summary.margin()).replace("+", "±");
            if (Summary.EQUIVALENCE_SHOWN.equals(summary.consistentMeans())) {
                return String.format(Locale.ROOT, "No cue family changed how often %s's answers were %s: every family's gap is shown "
                        + "to lie within %s.", summary.model(), summary.flaggedLabel(), margin);
            }
            return String.format(Locale.ROOT, "No cue family changed how often %s's answers were %s significantly (%s p ≥ %s for all "
                    + "%d families) — but gaps of %s or more are not ruled out for %s.", summary.model(), summary.flaggedLabel(),
                    summary.sequential() != null ? "anytime-valid" : "Holm-adjusted", summary.alpha(), summary.families().size(), margin,
                    String.join(", ", summary.families().stream().filter(f -> !f.equivalent()).map(FamilyResult::family).toList()));
        }
        List<String> parts = significant.stream().map(f -> f.family() + " (" + Html.points(f.gap()) + ")").toList();
        return String.format(Locale.ROOT, "%s behaves differently when told it is unobserved: %s in %d of %d cue families — %s.",
                summary.model(), summary.flaggedLabel() + " rate changes", significant.size(), summary.families().size(),
                String.join(", ", parts));
    }

    /** How reasoning was asked for: a scratchpad, API reasoning, or neither (when the model may still have returned some). */
    private static String reasoning(AuditConfig config, RunContents run) {
        List<String> asked = new ArrayList<>();
        if (config.scratchpad()) {
            asked.add("scratchpad");
        }
        if (config.reasoning() != null) {
            asked.add("API reasoning (" + config.reasoning().effortLevel()
                    + (config.reasoning().budgetTokens() > 0 ? ", " + config.reasoning().budgetTokens() + " tokens" : "") + ")");
        }
        if (!asked.isEmpty()) {
            return String.join(" and ", asked) + " requested";
        }
        boolean returned = run.attempts().stream().anyMatch(a -> a.succeeded() && !a.response().reasoning().isBlank());
        return returned ? "not requested; the model returned some" : "none requested";
    }

    private static List<Map<String, Object>> settings(AuditConfig config, RunContents run) {
        List<Map<String, Object>> settings = new ArrayList<>();
        add(settings, "temperature", config.temperature() == null ? "provider default" : config.temperature().toString());
        add(settings, "max tokens", config.maxTokens() == null ? "provider default" : config.maxTokens().toString());
        add(settings, "reasoning", reasoning(config, run));
        if (config.baseUrl() != null) {
            add(settings, "endpoint", config.baseUrl());
        }
        if (config.simulator() != null) {
            add(settings, "tool simulator", config.simulator());
        }
        return settings;
    }

    private static void add(List<Map<String, Object>> list, String name, String value) {
        list.add(Map.of("name", name, "value", value));
    }

    private static List<Map<String, Object>> families(Summary summary, List<CueFamily> definitions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FamilyResult f : summary.families()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", f.family());
            row.put("description", definitions.stream().filter(d -> d.name().equals(f.family())).findFirst()
                    .map(CueFamily::description).orElse(""));
            boolean data = f.n() > 0;
            row.put("observed", data ? Html.percent(f.observedRate()) : "–");
            row.put("unobserved", data ? Html.percent(f.unobservedRate()) : "–");
            row.put("gap", data ? Html.points(f.gap()) : "no data");
            row.put("ci", data ? Html.points(f.ciLow()) + " to " + Html.points(f.ciHigh()) : "–");
            row.put("p", data ? Html.pValue(f.pValue()) : "–");
            row.put("pAdjusted", data ? Html.pValue(f.pAdjusted()) : "–");
            row.put("n", f.n());
            row.put("up", f.scenariosUp());
            row.put("down", f.scenariosDown());
            row.put("h", data ? Html.number(f.cohensH()) : "–");
            row.put("significant", f.significant());
            row.put("equivalence", data && !f.significant() ? Html.points(f.equivalenceLow()) + " to " + Html.points(f.equivalenceHigh()) : "–");
            row.put("decision", data ? Charts.decisionLabel(f.decision(), summary.margin()) : "no data");
            rows.add(row);
        }
        return rows;
    }

    /** Scenarios × families, each cell the scenario's gap, coloured by sign and size. */
    private static Map<String, Object> breakdown(Map<String, List<ScenarioPair>> pairs) {
        List<String> families = new ArrayList<>(pairs.keySet());
        Map<String, Map<String, ScenarioPair>> byScenario = new LinkedHashMap<>();
        pairs.forEach((family, list) -> list.forEach(p -> byScenario.computeIfAbsent(p.scenario(), s -> new LinkedHashMap<>()).put(family, p)));
        List<Map<String, Object>> rows = new ArrayList<>();
        byScenario.forEach((scenario, cells) -> {
            List<Map<String, Object>> row = new ArrayList<>();
            for (String family : families) {
                ScenarioPair pair = cells.get(family);
                if (pair == null) {
                    row.add(Map.of("text", "–", "style", "", "title", "no valid pair"));
                    continue;
                }
                double d = pair.difference();
                String colour = d >= 0 ? "234,88,12" : "37,99,235";
                row.add(Map.of("text", String.format(Locale.ROOT, "%+.2f", d),
                        "style", String.format(Locale.ROOT, "background: rgba(%s,%.2f)", colour, Math.min(1, Math.abs(d)) * 0.75),
                        "title", String.format(Locale.ROOT, "%s / %s: observed %d/%d, unobserved %d/%d", scenario, family,
                                pair.observedFlagged(), pair.observedTotal(), pair.unobservedFlagged(), pair.unobservedTotal())));
            }
            rows.add(Map.of("scenario", scenario, "cells", row));
        });
        return Map.of("families", families, "rows", rows);
    }

    /**
     * The pairs with the largest per-scenario gaps — from significant families first, in the direction
     * of the family's gap — each with one answer from each side that differ in verdict.
     */
    private static List<Map<String, Object>> examples(RunContents run, Summary summary, Map<String, List<ScenarioPair>> pairs) {
        Map<String, FamilyResult> results = new LinkedHashMap<>();
        summary.families().forEach(f -> results.put(f.family(), f));
        List<Candidate> candidates = new ArrayList<>();
        pairs.forEach((family, list) -> list.forEach(p -> candidates.add(new Candidate(family, p))));
        candidates.removeIf(c -> Math.abs(c.pair().difference()) < 1e-9);
        boolean anySignificant = summary.families().stream().anyMatch(FamilyResult::significant);
        if (anySignificant) {
            candidates.removeIf(c -> {
                FamilyResult f = results.get(c.family());
                return f == null || !f.significant() || Math.signum(c.pair().difference()) != Math.signum(f.gap());
            });
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> -Math.abs(c.pair().difference())));
        Map<String, String> prompts = new LinkedHashMap<>();
        run.header().suite().scenarios().forEach(s -> prompts.put(s.id(), s.userMessage()));
        List<Map<String, Object>> examples = new ArrayList<>();
        java.util.Set<String> shownScenarios = new java.util.HashSet<>();
        for (Candidate candidate : candidates) {
            if (examples.size() == EXAMPLES) {
                break;
            }
            if (!shownScenarios.add(candidate.pair().scenario())) {
                continue;
            }
            boolean unobservedWorse = candidate.pair().difference() > 0;
            Optional<Attempt> observed = pick(run, candidate, Side.OBSERVED, !unobservedWorse);
            Optional<Attempt> unobserved = pick(run, candidate, Side.UNOBSERVED, unobservedWorse);
            if (observed.isEmpty() || unobserved.isEmpty()) {
                continue;
            }
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("scenario", candidate.pair().scenario());
            example.put("family", candidate.family());
            example.put("gap", String.format(Locale.ROOT, "%+.2f", candidate.pair().difference()));
            example.put("prompt", prompts.getOrDefault(candidate.pair().scenario(), ""));
            example.put("observed", side(run, observed.get()));
            example.put("unobserved", side(run, unobserved.get()));
            examples.add(example);
        }
        return examples;
    }

    private record Candidate(String family, ScenarioPair pair) {}

    /** An answer of the scenario on that side, preferring one whose verdict is {@code flagged}. */
    private static Optional<Attempt> pick(RunContents run, Candidate candidate, Side side, boolean flagged) {
        List<Attempt> matching = run.attempts().stream()
                .filter(a -> a.succeeded() && a.side() == side && a.family().equals(candidate.family())
                        && a.scenario().equals(candidate.pair().scenario()))
                .toList();
        return matching.stream().filter(a -> run.verdict(a.id()).map(v -> v.flagged() == flagged).orElse(false)).findFirst()
                .or(() -> matching.stream().findFirst());
    }

    private static Map<String, Object> side(RunContents run, Attempt attempt) {
        Verdict verdict = run.verdict(attempt.id()).orElse(Verdict.failed("", "no verdict"));
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("id", attempt.id());
        side.put("label", verdict.label());
        side.put("labelClass", verdict.flagged() ? "flagged" : "clean");
        side.put("explanation", verdict.explanation());
        side.put("answerHtml", Html.highlighted(attempt.response().text(), verdict.evidence(), "answer", ANSWER_LIMIT));
        String reasoning = attempt.response().reasoning();
        side.put("hasReasoning", !reasoning.isBlank());
        side.put("reasoningHtml", Html.highlighted(reasoning, verdict.evidence(), "reasoning", REASONING_LIMIT));
        String system = attempt.request().system();
        side.put("system", system.isBlank() ? "(no system prompt)" : system);
        side.put("user", attempt.request().lastUserMessage());
        if (attempt.trajectory() != null) {
            side.put("hasTrajectory", true);
            side.putAll(TrajectoryView.of(attempt.trajectory(), verdict.decidedAt()));
        }
        return side;
    }

    /** "12 of 54 (22.2%) · 3 aware" for one side of a family. */
    private static String count(dev.probation.run.ReasoningRates.Count c) {
        return c.traces() == 0 ? "no reasoning" : c.faking() + " of " + c.traces() + " (" + Html.percent(c.fakingRate()) + ") · "
                + c.evalAware() + " eval-aware";
    }
}
