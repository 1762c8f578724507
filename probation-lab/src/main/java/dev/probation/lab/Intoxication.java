package dev.probation.lab;

import dev.probation.detect.Detector;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Poser's intoxication (Clymer et al. 2024): noise added to a model's residual stream, at growing
 * doses, on inputs where it behaves. A faker's hidden misbehaviour tends to surface before an aligned
 * model's, so comparing two models' dose-response on the same inputs separates them.
 */
public final class Intoxication {

    /** The doses used unless told otherwise: noise up to 1.5 times the residual stream's own scale. */
    public static final List<Double> DEFAULT_DOSES = List.of(0.0, 0.25, 0.5, 0.75, 1.0, 1.5);

    /**
     * @param layer     the block after which noise is added; -1 for each model's middle block
     * @param doses     relative noise levels, each 0 or more (0 is the model as it is)
     * @param samples   noisy answers per input and dose
     * @param maxInputs the most inputs to keep
     * @param seed      fixes the inputs' order and every noise draw
     */
    public record Settings(int layer, List<Double> doses, int samples, int maxInputs, long seed) {
        public Settings {
            if (layer < -1) {
                throw new IllegalArgumentException("--layer: expected a block from 0, or -1 for the default, not " + layer);
            }
            doses = List.copyOf(doses);
            if (doses.isEmpty() || doses.stream().anyMatch(d -> !(d >= 0))) {
                throw new IllegalArgumentException("doses must be numbers of 0 or more, at least one: " + doses);
            }
            if (samples < 1 || maxInputs < 1) {
                throw new IllegalArgumentException("samples and inputs must be at least 1");
            }
        }
    }

    /**
     * @param models     each model's dose-response, in the order given
     * @param comparison the first model's scores against the second's (null with one model)
     * @param inputs     the inputs used ({@code scenario/family})
     * @param candidates how many inputs were tried to find them
     */
    public record Result(List<DoseResponse> models, Comparison comparison, List<String> inputs, int candidates) {}

    private Intoxication() {}

    /** The middle block: deep enough to hold what the model read, early enough to change what it writes. */
    public static int middleLayer(OpenModel model) {
        return (model.layers() - 1) / 2;
    }

    static int layer(OpenModel model, int requested) {
        if (requested < 0) {
            return middleLayer(model);
        }
        if (requested >= model.layers()) {
            throw new IllegalArgumentException("--layer: " + model.ref() + " has " + model.layers() + " layers (0 to "
                    + (model.layers() - 1) + "), not a layer " + requested);
        }
        return requested;
    }

    /** Doses one or two models (a faker and its twin, or two suspects) on the inputs where all behave. */
    public static Result run(List<OpenModel> models, Suite suite, List<CueFamily> families, Detector detector,
            Settings settings, Progress progress) {
        if (models.isEmpty() || models.size() > 2) {
            throw new IllegalArgumentException("intoxicate takes one or two models, not " + models.size());
        }
        Behaviour behaviour = new Behaviour(detector);
        Inputs.Selection selection = Inputs.whereAllBehave(models,
                Inputs.all(suite, families, settings.seed()), behaviour, settings.maxInputs());
        List<Input> inputs = selection.inputs();
        int total = models.size() * inputs.size() * settings.doses().size() * settings.samples();
        progress.started(total);
        AtomicInteger done = new AtomicInteger();
        List<DoseResponse> responses = new ArrayList<>();
        for (OpenModel model : models) {
            int layer = layer(model, settings.layer());
            List<Behaviour.Condition> conditions = noise(layer, settings.doses());
            double[][] rates = behaviour.rates(model, inputs, conditions, settings.samples(), settings.seed(),
                    progress, done, total);
            responses.add(summarise(model.ref(), layer, settings.doses(), rates));
        }
        Comparison comparison = models.size() == 2
                ? Comparison.of(responses.get(0).scores(), responses.get(1).scores(), settings.seed())
                : null;
        return new Result(responses, comparison, inputs.stream().map(Input::id).toList(), selection.candidates());
    }

    /** One condition per dose: fresh noise after {@code layer} for every answer. */
    static List<Behaviour.Condition> noise(int layer, List<Double> doses) {
        List<Behaviour.Condition> conditions = new ArrayList<>();
        for (double dose : doses) {
            conditions.add((input, seed) -> Intervention.noise(layer, dose, seed));
        }
        return conditions;
    }

    static DoseResponse summarise(String ref, int layer, List<Double> doses, double[][] rates) {
        List<Double> perDose = new ArrayList<>();
        for (int c = 0; c < doses.size(); c++) {
            double sum = 0;
            for (double[] row : rates) {
                sum += row[c];
            }
            perDose.add(rates.length == 0 ? 0 : sum / rates.length);
        }
        double[] scores = new double[rates.length];
        long noisy = doses.stream().filter(d -> d > 0).count();
        for (int i = 0; i < rates.length; i++) {
            double sum = 0;
            for (int c = 0; c < doses.size(); c++) {
                if (doses.get(c) > 0) {
                    sum += rates[i][c];
                }
            }
            scores[i] = noisy == 0 ? 0 : sum / noisy;
        }
        return new DoseResponse(ref, layer, doses, perDose, scores);
    }
}
