package dev.probation.liedetector;

import dev.probation.learn.CrossValidation;
import dev.probation.lies.KnownQuestion;
import dev.probation.model.Model;
import java.util.List;

/**
 * A saved detector against a model whose lies are known: the protocol is run again (on this model,
 * or another one, with these questions) and the detector's scores are compared with the labels.
 *
 * @param model       the model interrogated
 * @param lies        labelled lies collected
 * @param truths      labelled truthful answers collected
 * @param discarded   answers that did not do as told
 * @param failedCalls elicitations dropped because a call failed
 * @param auroc       how well the detector's scores separate lies from truths
 * @param precision   at 0.5
 * @param recall      at 0.5
 */
public record LieDetectorEvaluation(String model, int lies, int truths, int discarded, int failedCalls, double auroc,
        double precision, double recall) {

    /**
     * @throws IllegalStateException when no lies or no truths were collected
     */
    public static LieDetectorEvaluation run(LieDetector detector, Model model, List<KnownQuestion> questions, long seed,
            Progress progress) {
        Elicitor.Collected collected = Elicitor.collect(model, questions, detector.followUps(), seed, progress);
        List<Elicitor.Sample> samples = collected.samples();
        int lies = collected.lies();
        if (lies == 0 || lies == samples.size()) {
            throw new IllegalStateException("cannot measure the detector on " + model.ref() + ": " + lies + " lies and "
                    + (samples.size() - lies) + " truthful answers collected");
        }
        double[] scores = samples.stream().mapToDouble(s -> detector.lieProbability(s.replies())).toArray();
        CrossValidation.Result result = CrossValidation.evaluate(scores, samples.stream().map(Elicitor.Sample::lie).toList(), 0.5);
        return new LieDetectorEvaluation(model.ref(), lies, samples.size() - lies, collected.discarded(), collected.failedCalls(),
                result.auroc(), result.precision(), result.recall());
    }
}
