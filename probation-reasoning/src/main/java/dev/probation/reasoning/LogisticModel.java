package dev.probation.reasoning;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.List;

/**
 * L2-regularised logistic regression (LIBLINEAR) on standardised features, giving a probability.
 */
final class LogisticModel {

    static {
        Linear.disableDebugOutput();
    }

    private final Model model;
    private final double[] mean;
    private final double[] scale;
    private final int positive;

    private LogisticModel(Model model, double[] mean, double[] scale) {
        this.model = model;
        this.mean = mean;
        this.scale = scale;
        int[] labels = model.getLabels();
        this.positive = labels[0] == 1 ? 0 : 1;
    }

    /**
     * @param cost LIBLINEAR's C: smaller means stronger regularisation
     */
    static LogisticModel train(List<double[]> rows, List<Boolean> labels, double cost) {
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
            problem.x[i] = features(rows.get(i), mean, scale);
            problem.y[i] = labels.get(i) ? 1 : 0;
        }
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, cost, 1e-4));
        return new LogisticModel(model, mean, scale);
    }

    double probability(double[] row) {
        double[] probabilities = new double[2];
        Linear.predictProbability(model, features(row, mean, scale), probabilities);
        return probabilities[positive];
    }

    private static Feature[] features(double[] row, double[] mean, double[] scale) {
        Feature[] features = new Feature[row.length + 1];
        for (int j = 0; j < row.length; j++) {
            features[j] = new FeatureNode(j + 1, (row[j] - mean[j]) / scale[j]);
        }
        features[row.length] = new FeatureNode(row.length + 1, 1);
        return features;
    }
}
