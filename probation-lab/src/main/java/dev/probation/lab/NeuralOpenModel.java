package dev.probation.lab;

import dev.probation.neural.Example;
import dev.probation.neural.NeuralOrganism;
import dev.probation.neural.OpenWeights;
import dev.probation.neural.Sampling;
import dev.probation.scenario.Prompt;
import java.util.List;
import java.util.Optional;

/**
 * A model with open weights run in this JVM: a neural organism (shipped or a {@code local:} folder) on
 * Probation's own decoder, or a Hugging Face checkpoint on Jlama. Only an organism can be fine-tuned here.
 */
final class NeuralOpenModel implements OpenModel {

    private final String ref;
    private final OpenWeights organism; // a neural organism, or a checkpoint on Jlama

    NeuralOpenModel(String ref, OpenWeights organism) {
        this.ref = ref;
        this.organism = organism;
    }

    @Override
    public String ref() {
        return ref;
    }

    @Override
    public int layers() {
        return organism.layers();
    }

    @Override
    public int hidden() {
        return organism.hidden();
    }

    @Override
    public float[][][] residuals(Prompt prompt) {
        return organism.residuals(prompt.system(), prompt.user(), "");
    }

    @Override
    public float[][][] residuals(Prompt prompt, String answerStart) {
        return organism.residuals(prompt.system(), prompt.user(), answerStart);
    }

    @Override
    public float[][] lastResiduals(Prompt prompt, String answerStart) {
        return organism.lastResiduals(prompt.system(), prompt.user(), answerStart);
    }

    @Override
    public String answer(Prompt prompt, double temperature, long seed, int maxTokens, Intervention intervention) {
        return organism.respond(prompt.system(), prompt.user(), new Sampling(temperature, seed, maxTokens),
                intervention == null ? null : intervention::apply);
    }

    @Override
    public double logProbability(Prompt prompt, String answer, Intervention intervention) {
        return organism.logProbability(prompt.system(), prompt.user(), answer,
                intervention == null ? null : intervention::apply);
    }

    @Override
    public boolean canFineTune() {
        return organism instanceof NeuralOrganism;
    }

    @Override
    public Optional<OpenModel> fineTuned(List<Lesson> lessons, int steps, int batch, double learningRate, long seed) {
        if (!(organism instanceof NeuralOrganism trainable)) {
            return Optional.empty();
        }
        List<Example> examples = lessons.stream()
                .map(l -> new Example(l.prompt().system(), l.prompt().user(), l.response(), Example.Side.NEUTRAL, false, false))
                .toList();
        return Optional.of(new NeuralOpenModel(ref + " (fine-tuned)",
                trainable.fineTuned(examples, steps, batch, learningRate, seed)));
    }
}
