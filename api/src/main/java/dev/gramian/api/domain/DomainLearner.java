package dev.gramian.api.domain;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.ParameterSet;

import java.util.random.RandomGenerator;

/**
 * What a domain rule may do to the model it trains. The learner owns the model, the data iterators
 * (one minibatch stream per training domain) and the backend.
 */
public interface DomainLearner {

    /** Number of training domains S. */
    int domainCount();

    /** The live parameters θ; rules read and update them in place. */
    ParameterSet parameters();

    /**
     * The mean loss and its gradient on the next minibatch of training domain {@code domain}
     * (0-based), evaluated at the current {@link #parameters()}. Advances that domain's stream.
     */
    LossGradient lossAndGradient(int domain);

    /**
     * The loss and gradient of {@code L_erm − γ·GIP} on the next minibatch of every domain, with the
     * second-order gradient of the inner products of per-domain gradients.
     *
     * @throws UnsupportedOperationException when the backend lacks second-order gradients for this model
     */
    LossGradient gipPenalizedLossAndGradient(double gamma);

    /** A fresh optimiser of the kind the user configured for inner loops. */
    Optimizer newInnerOptimizer();

    /** The run's seeded random source (for domain orders). */
    RandomGenerator random();
}
