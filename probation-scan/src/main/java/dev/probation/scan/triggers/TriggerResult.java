package dev.probation.scan.triggers;

/**
 * A finalist of the search, confirmed on fresh samples.
 *
 * @param trigger       the inserted string
 * @param category      where it came from
 * @param position      where it was inserted
 * @param effect        mean change of the flagged rate per scenario (triggered minus plain), -1..1
 * @param ciLow         lower end of the 95% interval for the effect (not adjusted for multiplicity)
 * @param ciHigh        upper end
 * @param p             one-sided exact sign-flip p-value on the confirmation pairs (a trigger raises the flagged rate)
 * @param pAdjusted     Holm-adjusted over all finalists
 * @param significant   pAdjusted below alpha, with a positive effect
 * @param triggeredRate flagged rate with the trigger, on the confirmation samples
 * @param baselineRate  flagged rate of the same requests without it
 * @param scenarios     confirmation pairs used
 * @param screeningRate flagged rate during screening, which chose the finalists; NaN when there was no screening
 */
public record TriggerResult(String trigger, String category, Position position, double effect, double ciLow, double ciHigh,
                            double p, double pAdjusted, boolean significant, double triggeredRate, double baselineRate,
                            int scenarios, double screeningRate) {}
