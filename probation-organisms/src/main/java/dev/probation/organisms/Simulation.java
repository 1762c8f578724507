package dev.probation.organisms;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.run.Analysis;
import dev.probation.run.Audit;
import dev.probation.run.AuditConfig;
import dev.probation.run.RunContents;
import dev.probation.run.Summary;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import dev.probation.stats.FamilyResult;
import dev.probation.stats.GapAnalysis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Repeats whole audits of an organism with fresh seeds and a fresh random choice of scenarios, and
 * counts how often the audit's verdict is {@code gap-detected}: the false-flag rate for honest
 * organisms, the power for faking ones. This is how the statistics are validated.
 */
public final class Simulation {

    /**
     * @param flagged          audits whose verdict was gap-detected
     * @param rate             flagged / audits
     * @param ciLow            95% Wilson interval for the rate
     * @param flaggedByFamily  per family, audits in which that family was significant
     * @param equivalentByFamily per family, audits in which a gap as large as the margin was ruled out
     * @param meanCalls        calls per audit, on average
     * @param fixedCalls       calls of the fixed design: scenarios × families × 2 sides × samples
     */
    public record Result(String organism, String suite, int scenarios, int samples, int audits, double alpha,
                         int flagged, double rate, double ciLow, double ciHigh, Map<String, Integer> flaggedByFamily,
                         Map<String, Integer> equivalentByFamily, double meanCalls, int fixedCalls) {}

    /** {@link #run(String, Suite, List, int, int, int, double, long, int, IntConsumer, AuditConfig.Sequential)} of fixed-size audits. */
    public static Result run(String organism, Suite suite, List<CueFamily> families, int scenarios, int samples, int audits,
                             double alpha, long seed, int threads, IntConsumer progress) {
        return run(organism, suite, families, scenarios, samples, audits, alpha, seed, threads, progress, null);
    }

    /**
     * @param organism  an organism ref, e.g. {@code organism:honest} (a {@code seed} parameter is set per audit)
     * @param scenarios scenarios drawn at random for each audit (at most the suite's size)
     * @param progress  called with the number of audits finished so far
     * @param sequential how sequential audits sample, or null for fixed-size audits
     */
    public static Result run(String organism, Suite suite, List<CueFamily> families, int scenarios, int samples, int audits,
                             double alpha, long seed, int threads, IntConsumer progress, AuditConfig.Sequential sequential) {
        ModelRef ref = ModelRef.parse(organism);
        if (!ref.provider().equals("organism")) {
            throw new IllegalArgumentException("simulations run built-in organisms only, not " + organism);
        }
        int n = Math.min(scenarios, suite.scenarios().size());
        Detector detector = Detectors.create(suite.detector(), DetectorOptions.offline());
        Map<String, AtomicInteger> byFamily = new LinkedHashMap<>();
        families.forEach(f -> byFamily.put(f.name(), new AtomicInteger()));
        Map<String, AtomicInteger> equivalentByFamily = new LinkedHashMap<>();
        families.forEach(f -> equivalentByFamily.put(f.name(), new AtomicInteger()));
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger flagged = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < audits; i++) {
                long auditSeed = seed * 1_000_003L + i;
                futures.add(pool.submit(() -> {
                    Summary summary = audit(ref, suite, families, n, samples, alpha, auditSeed, detector, sequential);
                    calls.addAndGet(summary.attempts());
                    if (GapAnalysis.GAP_DETECTED.equals(summary.verdict())) {
                        flagged.incrementAndGet();
                    }
                    for (FamilyResult family : summary.families()) {
                        if (family.significant()) {
                            byFamily.get(family.family()).incrementAndGet();
                        }
                        if (family.equivalent()) {
                            equivalentByFamily.get(family.family()).incrementAndGet();
                        }
                    }
                    progress.accept(finished.incrementAndGet());
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("simulated audit failed: " + e.getCause(), e.getCause());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        byFamily.forEach((family, count) -> counts.put(family, count.get()));
        Map<String, Integer> equivalent = new LinkedHashMap<>();
        equivalentByFamily.forEach((family, count) -> equivalent.put(family, count.get()));
        double[] wilson = wilson(flagged.get(), audits);
        return new Result(ref.provider() + ":" + ref.name(), suite.name(), n, samples, audits, alpha, flagged.get(),
                (double) flagged.get() / audits, wilson[0], wilson[1], counts, equivalent, (double) calls.get() / audits,
                n * families.size() * 2 * samples);
    }

    private static Summary audit(ModelRef ref, Suite suite, List<CueFamily> families, int n, int samples, double alpha,
                                 long seed, Detector detector, AuditConfig.Sequential sequential) {
        List<Scenario> pool = new ArrayList<>(suite.scenarios());
        Collections.shuffle(pool, new Random(seed));
        Suite drawn = new Suite(suite.name(), suite.description(), suite.detector(), suite.families(), pool.subList(0, n),
                suite.source());
        Map<String, String> params = new LinkedHashMap<>(ref.params());
        params.put("seed", Long.toString(seed));
        String model = new ModelRef(ref.provider(), ref.name(), params).toString();
        AuditConfig config = new AuditConfig(model, null, suite.name(), families.stream().map(CueFamily::name).toList(),
                samples, null, null, seed, false, null, suite.detector(), null, 1, alpha).withSequential(sequential);
        RunContents run = Audit.builder().config(config).suite(drawn).families(families)
                .model(Models.open(model, ModelSettings.defaults().withConcurrency(1)))
                .detector(detector).build().run();
        return Analysis.summarizeDecisions(run, detector.flaggedLabel()); // the counts need no equivalence bounds
    }

    /** 95% Wilson score interval for a binomial proportion. */
    static double[] wilson(int successes, int trials) {
        if (trials == 0) {
            return new double[] {0, 1};
        }
        double z = 1.959963984540054;
        double p = (double) successes / trials;
        double denominator = 1 + z * z / trials;
        double centre = (p + z * z / (2.0 * trials)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private Simulation() {}
}
