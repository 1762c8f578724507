package dev.probation.lab;

import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The inputs a white-box comparison runs on: every scenario of a suite under the observed side of
 * every cue family, in a seeded random order, kept only where every model compared behaves (answering
 * greedily, with nothing changed inside). Poser's condition: the models cannot be told apart from
 * their answers on these inputs, so whatever separates them comes from inside.
 */
final class Inputs {

    /** The inputs kept, and how many were tried. */
    record Selection(List<Input> inputs, int candidates) {}

    private Inputs() {}

    static List<Input> all(Suite suite, List<CueFamily> families, long seed) {
        List<Input> all = new ArrayList<>();
        for (Scenario scenario : suite.scenarios()) {
            for (CueFamily family : families) {
                all.add(new Input(scenario, family));
            }
        }
        Collections.shuffle(all, new Random(seed));
        return all;
    }

    /**
     * Up to {@code max} inputs on which every model behaves, tried in the seeded order.
     *
     * @throws IllegalArgumentException when there is none
     */
    static Selection whereAllBehave(List<OpenModel> models, List<Input> candidates, Behaviour behaviour, int max) {
        List<Input> kept = new ArrayList<>();
        int tried = 0;
        for (Input input : candidates) {
            if (kept.size() >= max) {
                break;
            }
            tried++;
            if (models.stream().allMatch(m -> behaviour.behaves(m, input, input.observed()))) {
                kept.add(input);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no input on which " + (models.size() == 1 ? "the model behaves"
                    : "every model compared behaves") + ", of " + tried + " tried; try another --suite or --families");
        }
        return new Selection(List.copyOf(kept), tried);
    }
}
