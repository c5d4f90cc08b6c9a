package dev.gramian.runs.dg;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerFactory;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.random.SplitMix64;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A learner that serves every domain the same minibatch on every call, so that a benchmark times
 * a rule and the steps it is compared with on identical work.
 */
public final class FixedBatchLearner implements DomainLearner {
    private final ClassifierModel model;
    private final List<LabeledBatch> batches;
    private final OptimizerFactory optimizers;
    private final SplitMix64 random;

    public FixedBatchLearner(ClassifierModel model, List<LabeledBatch> batches, OptimizerFactory optimizers,
                      long seed) {
        this.model = model;
        this.batches = List.copyOf(batches);
        this.optimizers = optimizers;
        this.random = new SplitMix64(seed);
    }

    @Override
    public int domainCount() {
        return batches.size();
    }

    @Override
    public ParameterSet parameters() {
        return model.parameters();
    }

    @Override
    public LossGradient lossAndGradient(int domain) {
        return model.lossAndGradient(batches.get(domain));
    }

    @Override
    public LossGradient gipPenalizedLossAndGradient(double gamma) {
        return model.gipPenalizedLossAndGradient(batches, gamma);
    }

    @Override
    public Optimizer newOptimizer(String id, Map<String, String> options) {
        return optimizers.create(id, options);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}
