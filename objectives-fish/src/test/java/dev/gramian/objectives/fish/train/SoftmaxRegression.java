package dev.gramian.objectives.fish.train;

import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * A pure-Java linear softmax classifier: logits {@code z = W x + b}, mean cross-entropy, analytic
 * gradient {@code ∂L/∂W = (1/B) Σ (p − onehot(y)) xᵀ}. Parameters start at zero.
 */
final class SoftmaxRegression implements ClassifierModel {
    private final ClassifierConfig config;
    private final ParameterSet parameters;
    private final int inputs;
    private final int classes;

    SoftmaxRegression(ClassifierConfig config) {
        this.config = config;
        this.inputs = config.inputSize();
        this.classes = config.classes();
        this.parameters = new ParameterSet(List.of(
                new ParameterSet.Parameter("weights", new int[] {classes, inputs}, new double[classes * inputs]),
                new ParameterSet.Parameter("bias", new int[] {classes}, new double[classes])));
    }

    @Override
    public ClassifierConfig config() {
        return config;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /** Class probabilities of example {@code i}. */
    private double[] probabilities(LabeledBatch batch, int i) {
        double[] w = parameters.values("weights");
        double[] b = parameters.values("bias");
        double[] z = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            z[k] = b[k];
            for (int j = 0; j < inputs; j++) {
                z[k] += w[k * inputs + j] * batch.features()[i * inputs + j];
            }
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < classes; k++) {
            z[k] /= sum;
        }
        return z;
    }

    @Override
    public LossGradient lossAndGradient(LabeledBatch batch) {
        ParameterSet gradient = parameters.zerosLike();
        double[] gw = gradient.values("weights");
        double[] gb = gradient.values("bias");
        double loss = 0;
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            double[] p = probabilities(batch, i);
            int y = batch.labels()[i];
            loss -= Math.log(p[y]);
            for (int k = 0; k < classes; k++) {
                double delta = (p[k] - (k == y ? 1 : 0)) / n;
                gb[k] += delta;
                for (int j = 0; j < inputs; j++) {
                    gw[k * inputs + j] += delta * batch.features()[i * inputs + j];
                }
            }
        }
        return new LossGradient(loss / n, gradient);
    }

    @Override
    public int[] predict(LabeledBatch batch) {
        int[] predicted = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            double[] p = probabilities(batch, i);
            for (int k = 1; k < classes; k++) {
                if (p[k] > p[predicted[i]]) {
                    predicted[i] = k;
                }
            }
        }
        return predicted;
    }

    @Override
    public LossGradient gipPenalizedLossAndGradient(List<LabeledBatch> domains, double gamma) {
        throw new UnsupportedOperationException("the test softmax regression has no second-order gradients");
    }

    @Override
    public void close() {
    }
}
