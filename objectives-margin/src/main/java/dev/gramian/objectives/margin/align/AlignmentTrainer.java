package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.objective.LossEvaluation;
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
 * from the reference checkpoint they are the policy's own initial scores. TR-DPO's reference
 * ({@link SyncedReference}) instead scores each batch as it comes and follows the policy.
 *
 * <p>{@link AlignmentOptions} adds TRL's LD-DPO, WPO, TR-DPO and gradient clipping. Besides TRL's
 * reward metrics and {@code learning_rate}, logged steps carry {@code grad_norm} (before clipping),
 * {@code num_tokens} (every token of every trained sequence so far, prompts included, as TRL counts
 * them) and, for models that expose their next-token distributions, {@code entropy},
 * {@code logits/chosen} and {@code logits/rejected} of the step's batch at the parameters before the
 * step (one extra forward pass per logged step); evaluations add their {@code eval/} twins.
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
    private final AlignmentOptions options;
    private final SyncedReference synced;
    private boolean distributions = true;

    /** A trainer with the plain gradient rule and no step observer. */
    public AlignmentTrainer(LanguageModel policy, Objective loss, Optimizer optimizer, Config config) {
        this(policy, loss, new GradientRule(), optimizer, config, StepObserver.NONE);
    }

    /** A trainer whose steps follow {@code rule} and are watched by {@code observer}. */
    public AlignmentTrainer(LanguageModel policy, Objective loss, AlignmentRule rule, Optimizer optimizer,
                            Config config, StepObserver observer) {
        this(policy, loss, rule, optimizer, config, observer, AlignmentOptions.NONE, null);
    }

    /**
     * A trainer as above with TRL's training {@code options}. LD-DPO and WPO replace the plain
     * {@link GradientRule} by a {@link ReweightedGradientRule}; TR-DPO needs {@code synced}, whose
     * scores then replace the reference scores given to {@link #run}.
     *
     * @param synced TR-DPO's reference, or null for the fixed reference scores given to {@link #run}
     * @throws GramianException (usage) when LD-DPO or WPO meet a rule other than the plain gradient,
     *                          or TR-DPO's options and {@code synced} disagree
     */
    public AlignmentTrainer(LanguageModel policy, Objective loss, AlignmentRule rule, Optimizer optimizer,
                            Config config, StepObserver observer, AlignmentOptions options, SyncedReference synced) {
        if (options.reweights() && !(rule instanceof GradientRule)) {
            throw GramianException.usage("--ld-alpha and --use-weighting reweight the plain loss gradient; they do "
                    + "not combine with the alignment rule " + rule.getClass().getSimpleName());
        }
        if (options.referenceSync().isPresent() != (synced != null)) {
            throw new IllegalArgumentException("TR-DPO's options need a synced reference model, and only they do");
        }
        this.policy = policy;
        this.loss = loss;
        this.rule = options.reweights() ? new ReweightedGradientRule(options, loss) : rule;
        this.optimizer = optimizer;
        this.config = config;
        this.observer = observer;
        this.options = options;
        this.synced = synced;
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
            listener.onMetrics(0, evaluate(eval, heldOutReference(eval, evalRef)));
        }
        long tokens = 0;
        for (long step = 0; step < startStep; step++) {
            tokens += tokens(train, order.batch(step));
        }
        for (long step = startStep; step < config.steps(); step++) {
            int[] indices = order.batch(step);
            PairBatch batch = synced == null ? trainRef.batch(train, indices) : synced.batch(train, indices);
            double learningRate = config.schedule().at(step);
            long done = step + 1;
            boolean last = done == config.steps();
            boolean logging = done % config.logEvery() == 0 || last;
            Map<String, Double> distribution = logging ? distributionMetrics(batch) : Map.of();
            AlignmentUpdate update = rule.update(policy, loss, batch);
            PreferenceStep result = update.step();
            guard.checkUpdate(done, result.loss(), result.gradient(), learningRate);
            double gradNorm = options.clip(result.gradient());
            observer.beforeStep(step, batch, update, learningRate);
            optimizer.step(policy.parameters(), result.gradient(), learningRate);
            guard.checkParameters(done, policy.parameters(), learningRate);
            tokens += tokens(train, indices);
            Map<String, Double> extra = new LinkedHashMap<>(distribution);
            extra.put("num_tokens", (double) tokens);
            extra.put("grad_norm", gradNorm);
            guard.passed(done, () -> trainMetrics(result, batch.refChosen(), batch.refRejected(), learningRate, extra));
            if (synced != null) {
                synced.afterStep(done, policy.parameters());
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (logging) {
                metrics.putAll(trainMetrics(result, batch.refChosen(), batch.refRejected(), learningRate, extra));
            }
            if (!eval.isEmpty() && (done % config.evalEvery() == 0 || last)) {
                Map<String, Double> held = evaluate(eval, heldOutReference(eval, evalRef));
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
                                             double learningRate, Map<String, Double> extra) {
        Map<String, Double> metrics = new LinkedHashMap<>(PreferenceMetrics.of("", loss.rewardScale(), result.loss(),
                result.logpChosen(), result.logpRejected(), refChosen, refRejected));
        metrics.put("learning_rate", learningRate);
        metrics.putAll(extra);
        return metrics;
    }

    /** TR-DPO's current reference scores of the held-out pairs, or the fixed ones. */
    private ReferenceScores heldOutReference(List<EncodedPair> eval, ReferenceScores fixed) {
        return synced == null ? fixed : synced.scores(eval);
    }

    /** TRL's {@code num_tokens} of one batch: every token of its chosen and rejected sequences. */
    private static long tokens(List<EncodedPair> train, int[] indices) {
        long total = 0;
        for (int index : indices) {
            total += train.get(index).chosen().length() + train.get(index).rejected().length();
        }
        return total;
    }

    /** {@code entropy} and {@code logits/*} of the batch at the parameters before the step (one forward pass). */
    private Map<String, Double> distributionMetrics(PairBatch batch) {
        if (!distributions) {
            return Map.of();
        }
        DistributionMetrics metrics = new DistributionMetrics();
        try {
            metrics.add(policy.tokenStatistics(batch.sequences()));
        } catch (UnsupportedOperationException e) {
            distributions = false;
            return Map.of();
        }
        return metrics.metrics("");
    }

    /**
     * The {@code eval/} metrics of the policy at its current parameters on {@code pairs}; NaN where a
     * log-probability is not finite (a diverged policy).
     */
    public Map<String, Double> evaluate(List<EncodedPair> pairs, ReferenceScores reference) {
        int scoringBatch = Math.max(8, config.batchSize());
        DistributionMetrics distribution = new DistributionMetrics();
        ReferenceScores now = null;
        if (distributions) {
            try {
                now = distribution.scoreAndAdd(policy, pairs, scoringBatch, options);
            } catch (UnsupportedOperationException e) {
                distributions = false;
            }
        }
        if (now == null) {
            now = ReferenceScores.of(policy, pairs, scoringBatch, options);
        }
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
        double evalLoss = finite ? heldOutLoss(scores, distribution.pairWeights()) : Double.NaN;
        Map<String, Double> metrics = new LinkedHashMap<>(PreferenceMetrics.of("eval/", loss.rewardScale(), evalLoss,
                now.chosen(), now.rejected(), reference.chosen(), reference.rejected()));
        if (distributions) {
            metrics.putAll(distribution.metrics("eval/"));
        }
        return metrics;
    }

    /** The held-out loss: the objective's mean, each pair's loss weighted by WPO's {@code weights} when it is on. */
    private double heldOutLoss(List<PairScores> scores, double[] weights) {
        if (!options.useWeighting()) {
            return loss.evaluate(scores).loss();
        }
        List<LossEvaluation> pairs = loss.evaluate(scores).pairs();
        double total = 0;
        for (int i = 0; i < pairs.size(); i++) {
            total += weights[i] * pairs.get(i).loss();
        }
        return total / pairs.size();
    }
}
