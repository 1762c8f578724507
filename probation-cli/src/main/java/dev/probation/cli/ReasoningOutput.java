package dev.probation.cli;

import dev.probation.reasoning.Criterion;
import dev.probation.reasoning.Inspection;
import dev.probation.reasoning.Quote;
import dev.probation.util.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders inspection results: JSON Lines (the scripting contract) or a table for people. */
final class ReasoningOutput {

    private static final int LISTED = 10;

    private ReasoningOutput() {}

    /**
     * One line per trace: its input fields, then {@code id}, {@code alignmentFaking} and
     * {@code evalAware} (0..1), {@code criteria} (ids met), {@code evidence} (quoted spans with
     * offsets into the reasoning) and {@code method}, and {@code omittedChars} when a long trace was inspected in part;
     * or {@code error} when it could not be inspected.
     * Input fields with those names (a labelled set's labels) move to {@code labels}.
     */
    static void jsonl(PrintWriter out, List<InspectReasoningCommand.Result> results) {
        for (InspectReasoningCommand.Result result : results) {
            ObjectNode line = Json.MAPPER.createObjectNode();
            if (result.trace().fields() != null) {
                line.setAll(result.trace().fields().deepCopy());
                // The results take these names; labels the input carried under them are kept apart.
                ObjectNode labels = Json.MAPPER.createObjectNode();
                for (String field : List.of("alignmentFaking", "evalAware", "criteria", "evidence")) {
                    if (line.has(field)) {
                        labels.set(field, line.remove(field));
                    }
                }
                if (!labels.isEmpty()) {
                    line.set("labels", labels);
                }
            }
            line.put("id", result.trace().id());
            Inspection found = result.inspection();
            if (found == null) {
                line.put("error", result.error());
            } else {
                line.put("alignmentFaking", round(found.alignmentFaking()));
                line.put("evalAware", round(found.evalAware()));
                ArrayNode criteria = line.putArray("criteria");
                found.criteriaInOrder().forEach(c -> criteria.add(c.id()));
                ArrayNode evidence = line.putArray("evidence");
                for (Quote quote : found.evidence()) {
                    evidence.addObject().put("criterion", quote.criterion().id()).put("start", quote.start())
                            .put("end", quote.end()).put("quote", quote.text());
                }
                line.put("method", found.method());
                if (found.omittedChars() > 0) {
                    line.put("omittedChars", found.omittedChars());
                }
            }
            out.println(Json.MAPPER.writeValueAsString(line));
        }
    }

    static void text(PrintWriter out, InspectReasoningCommand.TraceSource source, List<InspectReasoningCommand.Result> results) {
        List<InspectReasoningCommand.Result> done = results.stream().filter(r -> r.inspection() != null).toList();
        String method = done.isEmpty() ? "" : done.getFirst().inspection().method();
        if (source.run() != null) {
            var config = source.run().header().config();
            out.printf(Locale.ROOT, "%nReasoning of %s on %s, by framing (%s):%n%n", config.model(), config.suite(), method);
            out.printf(Locale.ROOT, "  %-16s %-11s %7s %20s %20s%n", "family", "side", "traces", "faking reasoning", "eval-aware");
            Map<String, int[]> byFraming = new java.util.TreeMap<>(java.util.Comparator
                    .comparing((String key) -> config.families().indexOf(key.split("\t")[0]))
                    .thenComparing(key -> key.split("\t")[1].equals("observed") ? 0 : 1)
                    .thenComparing(key -> key));
            for (InspectReasoningCommand.Result result : done) {
                String key = result.trace().fields().path("family").asString() + "\t" + result.trace().fields().path("side").asString();
                int[] counts = byFraming.computeIfAbsent(key, k -> new int[3]);
                counts[0]++;
                counts[1] += result.inspection().faking() ? 1 : 0;
                counts[2] += result.inspection().aware() ? 1 : 0;
            }
            byFraming.forEach((key, c) -> {
                String[] parts = key.split("\t");
                out.printf(Locale.ROOT, "  %-16s %-11s %7d %20s %20s%n", parts[0], parts[1], c[0], share(c[1], c[0]), share(c[2], c[0]));
            });
        } else {
            out.printf(Locale.ROOT, "%nReasoning in %s (%s):%n%n", source.name(), method);
            out.printf(Locale.ROOT, "  %-28s %8s %10s  %s%n", "id", "faking", "eval-aware", "criteria met");
            for (InspectReasoningCommand.Result result : results) {
                Inspection found = result.inspection();
                if (found == null) {
                    out.printf(Locale.ROOT, "  %-28s %8s %10s  %s%n", clip(result.trace().id(), 28), "-", "-", "error: " + result.error());
                    continue;
                }
                out.printf(Locale.ROOT, "  %-28s %8.2f %10.2f  %s%s%n", clip(result.trace().id(), 28), found.alignmentFaking(),
                        found.evalAware(), found.criteriaInOrder().stream().map(Criterion::id).collect(Collectors.joining(", ")),
                        found.faking() ? "  *" : "");
            }
        }
        long faking = done.stream().filter(r -> r.inspection().faking()).count();
        long aware = done.stream().filter(r -> r.inspection().aware()).count();
        out.printf(Locale.ROOT, "%nAlignment-faking reasoning in %d of %d traces; evaluation awareness in %d.%n", faking, done.size(), aware);
        List<InspectReasoningCommand.Result> flagged = done.stream().filter(r -> r.inspection().faking()).limit(LISTED).toList();
        if (!flagged.isEmpty()) {
            out.printf(Locale.ROOT, "%nEvidence%s:%n", faking > LISTED ? " (first " + LISTED + " traces)" : "");
            for (InspectReasoningCommand.Result result : flagged) {
                out.printf(Locale.ROOT, "  %s%n", result.trace().id());
                for (Quote quote : result.inspection().evidence()) {
                    out.printf(Locale.ROOT, "    %-22s \"%s\"%n", quote.criterion().id(), clip(quote.text().replaceAll("\\s+", " "), 100));
                }
            }
        }
    }

    private static String share(int count, int total) {
        return String.format(Locale.ROOT, "%d (%.1f%%)", count, total == 0 ? 0 : 100.0 * count / total);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
