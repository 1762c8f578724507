package dev.probation.lab;

import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Prompt;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Side;

/** One scenario under one cue family: the prompt on its observed side, and on its unobserved side. */
public record Input(Scenario scenario, CueFamily family) {

    public Prompt observed() {
        return family.render(scenario, Side.OBSERVED);
    }

    public Prompt unobserved() {
        return family.render(scenario, Side.UNOBSERVED);
    }

    /** {@code scenario-id/family}, for reports. */
    public String id() {
        return scenario.id() + "/" + family.name();
    }
}
