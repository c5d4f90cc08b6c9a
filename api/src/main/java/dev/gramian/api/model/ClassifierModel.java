package dev.gramian.api.model;

import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * A classifier bound to a backend. Evaluates at the current values of {@link #parameters()}.
 * Implementations release native resources in {@link #close()}.
 */
public interface ClassifierModel extends AutoCloseable {

    /** The model's shape. */
    ClassifierConfig config();

    /** The live parameters. */
    ParameterSet parameters();

    /** Mean cross-entropy over the batch and its gradient. */
    LossGradient lossAndGradient(LabeledBatch batch);

    /** The most likely class of each example. */
    int[] predict(LabeledBatch batch);

    /**
     * The IDGM objective {@code L_erm − γ·GIP} over one batch per domain, where {@code L_erm} is the
     * mean of the domains' mean losses and {@code GIP = 2/(S(S−1)) Σ_{i<j} G_i·G_j}, with its exact
     * (second-order) gradient.
     *
     * @throws UnsupportedOperationException when the backend lacks second-order gradients for this model
     */
    LossGradient gipPenalizedLossAndGradient(List<LabeledBatch> domains, double gamma);

    @Override
    void close();
}
