package dev.probation.learn;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.List;

/**
 * L2-regularised logistic regression on standardised features, trained with LIBLINEAR and kept as
 * plain numbers so that a trained model can be saved as JSON and applied without LIBLINEAR's state.
 * Internal to Probation.
 *
 * @param mean    per feature, the training mean
 * @param scale   per feature, the training standard deviation (1 where constant)
 * @param weights per standardised feature, then the intercept last; positive values favour the label
 */
public record LogisticModel(double[] mean, double[] scale, double[] weights) {

    static {
        Linear.disableDebugOutput();
    }

    public LogisticModel {
        if (mean.length != scale.length || weights.length != mean.length + 1) {
            throw new IllegalArgumentException("a model with " + mean.length + " features needs " + mean.length
                    + " scales and " + (mean.length + 1) + " weights, not " + scale.length + " and " + weights.length);
        }
    }

    /**
     * @param cost LIBLINEAR's C: smaller means stronger regularisation
     */
    public static LogisticModel train(List<double[]> rows, List<Boolean> labels, double cost) {
        return train(rows, labels, cost, 1e-4);
    }

    /**
     * @param cost      LIBLINEAR's C: smaller means stronger regularisation
     * @param tolerance LIBLINEAR's stopping tolerance (its default for this solver is 0.01)
     */
    public static LogisticModel train(List<double[]> rows, List<Boolean> labels, double cost, double tolerance) {
        int d = rows.getFirst().length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / rows.size();
            }
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.size();
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
        }
        Problem problem = new Problem();
        problem.l = rows.size();
        problem.n = d + 1;
        problem.bias = 1;
        problem.x = new Feature[rows.size()][];
        problem.y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] z = standardise(rows.get(i), mean, scale);
            Feature[] features = new Feature[d + 1];
            for (int j = 0; j < d; j++) {
                features[j] = new FeatureNode(j + 1, z[j]);
            }
            features[d] = new FeatureNode(d + 1, 1);
            problem.x[i] = features;
            problem.y[i] = labels.get(i) ? 1 : 0;
        }
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, cost, tolerance));
        // LIBLINEAR's weights favour its first label; orient them towards "true".
        double sign = model.getLabels()[0] == 1 ? 1 : -1;
        double[] raw = model.getFeatureWeights();
        double[] weights = new double[d + 1];
        for (int j = 0; j <= d; j++) {
            weights[j] = sign * raw[j];
        }
        return new LogisticModel(mean, scale, weights);
    }

    public double probability(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + row.length);
        }
        double[] z = standardise(row, mean, scale);
        double logit = weights[mean.length];
        for (int j = 0; j < z.length; j++) {
            logit += weights[j] * z[j];
        }
        return 1 / (1 + Math.exp(-logit));
    }

    private static double[] standardise(double[] row, double[] mean, double[] scale) {
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (row[j] - mean[j]) / scale[j];
        }
        return z;
    }
}
