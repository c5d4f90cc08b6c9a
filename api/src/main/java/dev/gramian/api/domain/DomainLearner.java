package dev.gramian.api.domain;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.Map;
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

    /** The run's seeded random source (for domain orders). */
    RandomGenerator random();

    /**
     * The ERM loss and gradient: the next minibatch of every training domain, pooled. The default
     * averages {@link #lossAndGradient(int)} over all domains, which equals the mean over the union
     * when the domains' minibatches have equal sizes; a learner may override it with one pass over
     * the concatenated batch.
     */
    default LossGradient unionLossAndGradient() {
        int s = domainCount();
        LossGradient first = lossAndGradient(0);
        double loss = first.loss();
        ParameterSet sum = first.gradient().copy();
        for (int d = 1; d < s; d++) {
            LossGradient next = lossAndGradient(d);
            loss += next.loss();
            sum.addScaled(next.gradient(), 1.0);
        }
        sum.scale(1.0 / s);
        return new LossGradient(loss / s, sum);
    }

    /**
     * A fresh optimiser plugin {@code id} (e.g. {@code sgd}, {@code adam}) with {@code options} (keys
     * it declares; the others keep their defaults), for rules that choose their own inner optimiser.
     * The learner creates it the way the run creates its plugins (the run's catalog, with its plugin
     * directories); the SPI itself looks nothing up.
     *
     * @throws dev.gramian.api.GramianException (plugin) for an unknown id, listing the known ones;
     *                                          (usage) for an undeclared key or a bad value
     */
    Optimizer newOptimizer(String id, Map<String, String> options);

    /** {@link #newOptimizer(String, Map)} with the plugin's default options. */
    default Optimizer newOptimizer(String id) {
        return newOptimizer(id, Map.of());
    }
}
