package dev.gramian.plugin.testkit;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerFactory;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.random.SplitMix64;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A learner small enough to check update rules exactly: three domains with quadratic losses
 * {@code ½‖θ − c_d − n_{d,k}‖²}, where {@code n_{d,k}} is deterministic minibatch noise of the d-th
 * domain's k-th batch. Copies share nothing, so a copy continues exactly as the original would.
 */
final class QuadraticDomains implements DomainLearner {
    private static final int DOMAINS = 3;
    private final OptimizerFactory optimizers;
    private final ParameterSet theta;
    private final long[] batches;
    private final SplitMix64 random;

    QuadraticDomains(OptimizerFactory optimizers) {
        this(optimizers, initialParameters(), new long[DOMAINS], new SplitMix64(17));
    }

    private QuadraticDomains(OptimizerFactory optimizers, ParameterSet theta, long[] batches,
                             SplitMix64 random) {
        this.optimizers = optimizers;
        this.theta = theta;
        this.batches = batches;
        this.random = random;
    }

    /** Two parameters, a vector of 3 and a 2×2 matrix, with fixed values. */
    static ParameterSet initialParameters() {
        return new ParameterSet(List.of(
                new ParameterSet.Parameter("w", new int[] {3}, new double[] {0.5, -1.25, 2.0}),
                new ParameterSet.Parameter("m", new int[] {2, 2}, new double[] {0.1, 0.2, -0.3, 0.4})));
    }

    /** A gradient at {@code theta} that depends on the step too (θ plus a step-dependent pull). */
    static ParameterSet gradientAt(ParameterSet theta, int step) {
        ParameterSet gradient = theta.copy();
        int i = 0;
        for (String name : gradient.names()) {
            double[] values = gradient.values(name);
            for (int j = 0; j < values.length; j++, i++) {
                values[j] = 0.7 * values[j] + Math.sin(1.3 * step + i);
            }
        }
        return gradient;
    }

    QuadraticDomains copy() {
        return new QuadraticDomains(optimizers, theta.copy(), batches.clone(), new SplitMix64(random.state()));
    }

    @Override
    public int domainCount() {
        return DOMAINS;
    }

    @Override
    public ParameterSet parameters() {
        return theta;
    }

    @Override
    public LossGradient lossAndGradient(int domain) {
        long batch = batches[domain]++;
        ParameterSet gradient = residual(domain, batch);
        return new LossGradient(0.5 * gradient.squaredNorm(), gradient);
    }

    /** θ − c_d − n_{d,k}: the gradient of the quadratic loss. */
    private ParameterSet residual(int domain, long batch) {
        ParameterSet r = theta.copy();
        int i = 0;
        for (String name : r.names()) {
            double[] values = r.values(name);
            for (int j = 0; j < values.length; j++, i++) {
                values[j] -= (domain - 1) * 0.8 + 0.1 * i + 0.05 * Math.cos(batch + 2.0 * domain + i);
            }
        }
        return r;
    }

    @Override
    public LossGradient gipPenalizedLossAndGradient(double gamma) {
        // With ∂g_d/∂θ = I, ∇⟨g_i, g_j⟩ = g_i + g_j; GIP is the mean over pairs i < j.
        ParameterSet[] g = new ParameterSet[DOMAINS];
        double loss = 0;
        ParameterSet total = theta.zerosLike();
        for (int d = 0; d < DOMAINS; d++) {
            g[d] = residual(d, batches[d]++);
            loss += 0.5 * g[d].squaredNorm() / DOMAINS;
            total.addScaled(g[d], 1.0 / DOMAINS);
        }
        int pairs = DOMAINS * (DOMAINS - 1) / 2;
        for (int i = 0; i < DOMAINS; i++) {
            for (int j = i + 1; j < DOMAINS; j++) {
                loss -= gamma * g[i].dot(g[j]) / pairs;
                total.addScaled(g[i], -gamma / pairs);
                total.addScaled(g[j], -gamma / pairs);
            }
        }
        return new LossGradient(loss, total);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public Optimizer newOptimizer(String id, Map<String, String> options) {
        return optimizers.create(id, options);
    }
}
