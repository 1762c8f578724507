package dev.probation.lab;

import java.util.List;

/**
 * How a model's misbehaviour grows with the noise added to its residual stream.
 *
 * @param model  the model's reference
 * @param layer  the block after which the noise was added
 * @param doses  noise standard deviations, relative to the residual stream's own scale at each token
 * @param rates  per dose, the share of misbehaving answers over all inputs and samples
 * @param scores per input, the mean rate over the doses above 0 (the area under its dose-response curve, per dose)
 */
public record DoseResponse(String model, int layer, List<Double> doses, List<Double> rates, double[] scores) {

    public DoseResponse {
        doses = List.copyOf(doses);
        rates = List.copyOf(rates);
    }
}
