package dev.probation.bench;

import dev.probation.lab.Contrast;
import dev.probation.lab.ContrastExample;
import dev.probation.lab.OpenModel;
import dev.probation.lab.OpenModels;
import dev.probation.lab.Probe;
import dev.probation.lab.Probes;
import dev.probation.lab.Progress;
import dev.probation.scenario.CueFamilies;
import dev.probation.scenario.Prompt;
import dev.probation.scenario.Suites;
import java.util.List;
import java.util.Locale;

/**
 * What a probe costs the gateway per request: {@link Probe#read} (one pass over the prompt) on every
 * prompt of a framing contrast, against the model answering the same prompts (what the upstream does
 * for each request), measured in the same run, one thread, after a warm-up round.
 *
 * <p>Usage: {@code ProbeCost [--model organism:neural-pair-03-faker] [--family monitoring] [--rounds 3]}
 */
public final class ProbeCost {

    public static void main(String[] args) {
        String ref = "organism:neural-pair-03-faker";
        String family = "monitoring";
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> ref = args[++i];
                case "--family" -> family = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        OpenModel model = OpenModels.open(ref);
        Contrast contrast = Contrast.framing(Suites.builtIn("oversight-choice"),
                CueFamilies.select(CueFamilies.builtIn(), List.of(family)));
        Probe probe = Probes.train(model, contrast, new Probes.Settings(0.3, 1), Progress.NONE).probe();
        List<Prompt> prompts = contrast.examples().stream().map(ContrastExample::prompt).toList();
        System.out.printf(Locale.ROOT, "%s, %s probe at layer %d, %d prompts of oversight-choice (%d layers of %d)%n",
                ref, contrast.name(), probe.layer(), prompts.size(), model.layers(), model.hidden());
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            int flagged = 0;
            for (Prompt prompt : prompts) {
                flagged += probe.read(model, prompt).flagged() ? 1 : 0;
            }
            double probeMs = (System.nanoTime() - start) / 1e6 / prompts.size();
            start = System.nanoTime();
            int chars = 0;
            for (int i = 0; i < prompts.size(); i++) {
                chars += model.answer(prompts.get(i), 0, i, 16, null).length();
            }
            double answerMs = (System.nanoTime() - start) / 1e6 / prompts.size();
            System.out.printf(Locale.ROOT, "%s: probe %.2f ms a request (%d flagged), answer (greedy, up to 16 tokens) %.2f ms"
                    + " a request (%d characters)%n", round == 0 ? "warm-up" : "round " + round, probeMs, flagged, answerMs, chars);
        }
    }
}
