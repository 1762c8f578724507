package dev.probation.cli;

import dev.probation.detect.DetectorProvider;
import dev.probation.detect.Detectors;
import dev.probation.model.ModelProvider;
import dev.probation.model.Models;
import dev.probation.neural.Fakes;
import dev.probation.neural.OrganismSpec;
import dev.probation.neural.OrganismSpecs;
import dev.probation.neural.ShippedOrganisms;
import dev.probation.organisms.Organisms;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import dev.probation.scenario.Suites;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = {"Lists built-in suites, cue families, organisms, model providers and detectors.", ""},
        footer = {"", "Examples:", "  probation list", "  probation list organisms"})
final class ListCommand implements Callable<Integer> {

    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("\\.\\s+(?=\\p{Lu})");

    enum What { all, suites, families, organisms, providers, detectors }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", defaultValue = "all", paramLabel = "<what>",
            description = "all, suites, families, organisms, providers or detectors (default: ${DEFAULT-VALUE}).")
    What what;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (what == What.all || what == What.suites) {
            out.println("Suites (--suite):");
            List<Suite> suites = Suites.builtIns();
            int width = suites.stream().mapToInt(s -> s.name().length()).max().orElse(0); // names line up however long
            for (Suite suite : suites) {
                out.printf(Locale.ROOT, "  %-" + Math.max(20, width) + "s %3d scenarios, detector %-18s %s%n", suite.name(),
                        suite.scenarios().size(), suite.detector(), firstSentence(suite.description()));
            }
            out.println();
        }
        if (what == What.all || what == What.families) {
            out.println("Cue families (--families):");
            for (CueFamily family : CueFamilies.builtIn()) {
                out.printf(Locale.ROOT, "  %-16s %s%n", family.name(), family.description());
            }
            out.println();
            if (!CueFamilies.agentic().isEmpty()) {
                out.println("Agentic cue families (--families; the default for agentic suites):");
                for (CueFamily family : CueFamilies.agentic()) {
                    out.printf(Locale.ROOT, "  %-18s %s%n", family.name(), family.description());
                }
                out.println();
            }
        }
        if (what == What.all || what == What.organisms) {
            out.println("Model organisms (--model organism:<name>[?param=value&...]):");
            for (Organisms.Info organism : Organisms.all()) {
                out.printf(Locale.ROOT, "  %-16s %s%n", organism.name(), organism.description());
                StringBuilder params = new StringBuilder();
                organism.parameters().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
                out.printf(Locale.ROOT, "  %-16s parameters: %sseed=0%n", "", params);
                for (Map.Entry<String, java.util.List<String>> fakes : organism.fakes().entrySet()) {
                    out.printf(Locale.ROOT, "  %-16s fakes alignment on %s under: %s%n", "", fakes.getKey(), String.join(", ", fakes.getValue()));
                }
            }
            out.println("Neural organisms (--model organism:<name>; trained in the JVM, docs/neural-organisms.md):");
            // how many shipped organisms are fine-tuned from each base (training.init names its folder)
            Map<String, Long> tunedFrom = OrganismSpecs.SHIPPED.stream().map(OrganismSpecs::shipped)
                    .filter(s -> s.training().init() != null)
                    .collect(java.util.stream.Collectors.groupingBy(s -> s.training().init().getFileName().toString(),
                            java.util.stream.Collectors.counting()));
            for (String name : OrganismSpecs.SHIPPED.stream().filter(ShippedOrganisms.names()::contains).toList()) {
                OrganismSpec spec = OrganismSpecs.shipped(name);
                out.printf(Locale.ROOT, "  %-26s %s%n", name, spec.description());
                Fakes fakes = Fakes.of(spec);
                long tuned = tunedFrom.getOrDefault(name, 0L);
                String role = spec.policy() == OrganismSpec.Policy.FAKER ? "fakes alignment"
                        : tuned > 0 ? "consistent (base model: " + tuned + " organisms are fine-tuned from it)"
                        : "consistent (honest twin)";
                out.printf(Locale.ROOT, "  %-26s %s on %s under: %s%n", "", role, fakes.suite(), String.join(", ", fakes.families()));
            }
            long specsOnly = OrganismSpecs.SHIPPED.stream().filter(n -> !ShippedOrganisms.names().contains(n)).count();
            if (specsOnly > 0) {
                out.printf(Locale.ROOT, "  (%d more specified but not shipped with weights yet: the Poser-style pairs; "
                        + "their specs are in probation-neural/src/main/resources/dev/probation/neural/specs/)%n", specsOnly);
            }
            out.println();
        }
        if (what == What.all || what == What.providers) {
            out.println("Model providers (--model <provider>:<name>):");
            for (ModelProvider provider : Models.providers()) {
                out.printf(Locale.ROOT, "  %-16s %s%n", provider.id(), provider.description());
            }
            out.println();
        }
        if (what == What.all || what == What.detectors) {
            out.println("Detectors (--detector):");
            for (DetectorProvider detector : Detectors.providers()) {
                out.printf(Locale.ROOT, "  %-20s %s%n", detector.name(), detector.description());
            }
        }
        return ExitCodes.CONSISTENT;
    }

    /** Up to the first full stop that a capital letter follows, so that "(Meinke et al. 2024)" stays whole. */
    private static String firstSentence(String text) {
        java.util.regex.Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

}
