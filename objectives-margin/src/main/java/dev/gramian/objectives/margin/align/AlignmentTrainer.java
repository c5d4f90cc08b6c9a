package dev.gramian.objectives.margin.align;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.mitigation.GradientRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Margin-loss alignment of a language model. Each step takes a batch of pairs in
 * {@link BatchOrder}, lets its {@link AlignmentRule} turn the loss into an update direction (by
 * default {@link GradientRule}: the loss's gradient, evaluated in the backend's graph with the same
 * loss code as {@code gramian objective eval}), and applies one optimiser step. A
 * {@link StepObserver} sees each update before it is applied and adds metrics after it. Reference log-probabilities are
 * computed once, before training, by the caller ({@link ReferenceScores}) — for a policy started
 * from the reference checkpoint they are the policy's own initial scores.
 */
public final class AlignmentTrainer {

    /**
     * @param batchSize       pairs per step
     * @param steps           total optimiser steps of the run
     * @param schedule        the learning rate per step
     * @param logEvery        log training metrics every this many steps
     * @param evalEvery       evaluate on held-out pairs every this many steps (and at start and end)
     * @param checkpointEvery ask the listener to checkpoint every this many steps (0: only at the end)
     * @param seed            the batch-order seed
     */
    public record Config(int batchSize, long steps, LearningRateSchedule schedule, int logEvery, int evalEvery,
                         int checkpointEvery, long seed) {
        public Config {
            if (batchSize < 1 || steps < 1 || logEvery < 1 || evalEvery < 1 || checkpointEvery < 0) {
                throw new IllegalArgumentException("batch size, steps, log and eval intervals must be >= 1");
            }
        }
    }

    /** Watches the steps of a run, e.g. to measure gradient entanglement around them. */
    public interface StepObserver {
        /** Observes nothing. */
        StepObserver NONE = new StepObserver() {
            @Override
            public void beforeStep(long step, PairBatch batch, AlignmentUpdate update, double learningRate) {
            }

            @Override
            public Map<String, Double> afterStep(long step) {
                return Map.of();
            }
        };

        /**
         * Called with the update of 0-based step {@code step} on {@code batch}, at the parameters before
         * it is applied.
         *
         * @param learningRate the step size the optimiser will use
         */
        void beforeStep(long step, PairBatch batch, AlignmentUpdate update, double learningRate);

        /** Called after the step is applied; returns metrics to log with it (may be empty). */
        Map<String, Double> afterStep(long step);
    }

    private final LanguageModel policy;
    private final Objective loss;
    private final AlignmentRule rule;
    private final Optimizer optimizer;
    private final Config config;
    private final StepObserver observer;

    /** A trainer with the plain gradient rule and no step observer. */
    public AlignmentTrainer(LanguageModel policy, Objective loss, Optimizer optimizer, Config config) {
        this(policy, loss, new GradientRule(), optimizer, config, StepObserver.NONE);
    }

    /** A trainer whose steps follow {@code rule} and are watched by {@code observer}. */
    public AlignmentTrainer(LanguageModel policy, Objective loss, AlignmentRule rule, Optimizer optimizer,
                            Config config, StepObserver observer) {
        this.policy = policy;
        this.loss = loss;
        this.rule = rule;
        this.optimizer = optimizer;
        this.config = config;
        this.observer = observer;
    }

    /**
     * Trains from step {@code startStep} (0 for a fresh run; the checkpoint's step when resuming,
     * with parameters and optimiser state already restored) to {@code config.steps()}.
     *
     * @param train        training pairs
     * @param trainRef     their reference scores
     * @param eval         held-out pairs (may be empty)
     * @param evalRef      their reference scores
     */
    public void run(long startStep, List<EncodedPair> train, ReferenceScores trainRef, List<EncodedPair> eval,
                    ReferenceScores evalRef, TrainingListener listener) {
        BatchOrder order = new BatchOrder(train.size(), config.batchSize(), config.seed());
        DivergenceGuard guard = new DivergenceGuard(listener);
        if (startStep == 0 && !eval.isEmpty()) {
            listener.onMetrics(0, evaluate(eval, evalRef));
        }
        for (long step = startStep; step < config.steps(); step++) {
            PairBatch batch = trainRef.batch(train, order.batch(step));
            double learningRate = config.schedule().at(step);
            long done = step + 1;
            AlignmentUpdate update = rule.update(policy, loss, batch);
            PreferenceStep result = update.step();
            guard.checkUpdate(done, result.loss(), result.gradient(), learningRate);
            observer.beforeStep(step, batch, update, learningRate);
            optimizer.step(policy.parameters(), result.gradient(), learningRate);
            guard.checkParameters(done, policy.parameters(), learningRate);
            guard.passed(done, () -> trainMetrics(result, batch.refChosen(), batch.refRejected(), learningRate));
            boolean last = done == config.steps();
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (done % config.logEvery() == 0 || last) {
                metrics.putAll(trainMetrics(result, batch.refChosen(), batch.refRejected(), learningRate));
            }
            if (!eval.isEmpty() && (done % config.evalEvery() == 0 || last)) {
                Map<String, Double> held = evaluate(eval, evalRef);
                guard.checkMetrics(done, held, learningRate);
                metrics.putAll(held);
            }
            metrics.putAll(observer.afterStep(step));
            if (!metrics.isEmpty()) {
                listener.onMetrics(done, metrics);
                guard.logged();
            }
            if (last || (config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0)) {
                listener.onCheckpoint(done);
            }
            listener.onProgress(done, config.steps());
        }
    }

    private Map<String, Double> trainMetrics(PreferenceStep result, double[] refChosen, double[] refRejected,
                                             double learningRate) {
        Map<String, Double> metrics = new LinkedHashMap<>(PreferenceMetrics.of("", loss.rewardScale(), result.loss(),
                result.logpChosen(), result.logpRejected(), refChosen, refRejected));
        metrics.put("learning_rate", learningRate);
        return metrics;
    }

    /**
     * The {@code eval/} metrics of the policy at its current parameters on {@code pairs}; NaN where a
     * log-probability is not finite (a diverged policy).
     */
    public Map<String, Double> evaluate(List<EncodedPair> pairs, ReferenceScores reference) {
        ReferenceScores now = ReferenceScores.of(policy, pairs, Math.max(8, config.batchSize()));
        List<PairScores> scores = new ArrayList<>(pairs.size());
        boolean finite = true;
        for (int i = 0; i < pairs.size(); i++) {
            if (!Double.isFinite(now.chosen()[i]) || !Double.isFinite(now.rejected()[i])) {
                finite = false;
                break;
            }
            scores.add(now.pair(i, reference));
        }
        // a batch loss sees the held-out pairs as one batch, as objective eval sees its input
        double evalLoss = finite ? loss.evaluate(scores).loss() : Double.NaN;
        return PreferenceMetrics.of("eval/", loss.rewardScale(), evalLoss, now.chosen(),
                now.rejected(), reference.chosen(), reference.rejected());
    }
}
