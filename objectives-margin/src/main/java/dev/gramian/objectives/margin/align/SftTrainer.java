package dev.gramian.objectives.margin.align;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: next-token prediction on the response tokens of sequences (for
 * preference data, prompt + chosen response). Logs {@code loss} (mean token NLL of the step's
 * batch) and {@code learning_rate} and, on held-out sequences, {@code eval/loss}.
 */
public final class SftTrainer {

    /**
     * @param batchSize sequences per step
     * @param steps     optimiser steps
     * @param schedule  learning rate per step
     * @param logEvery        log training metrics every this many steps (and at the end)
     * @param evalEvery       evaluate on held-out sequences every this many steps (and at the end)
     * @param checkpointEvery ask the listener to checkpoint every this many steps (0: only at the end)
     * @param seed            batch-order seed
     */
    public record Config(int batchSize, long steps, LearningRateSchedule schedule, int logEvery, int evalEvery,
                         int checkpointEvery, long seed) {
        public Config {
            if (batchSize < 1 || steps < 1 || logEvery < 1 || evalEvery < 1 || checkpointEvery < 0) {
                throw new IllegalArgumentException("batch size, steps, log and eval intervals must be >= 1");
            }
        }
    }

    private final LanguageModel model;
    private final Optimizer optimizer;
    private final Config config;

    public SftTrainer(LanguageModel model, Optimizer optimizer, Config config) {
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
    }

    /** Trains on {@code train} from {@code startStep}, evaluating on {@code eval} when not empty. */
    public void run(long startStep, List<Sequence> train, List<Sequence> eval, TrainingListener listener) {
        BatchOrder order = new BatchOrder(train.size(), config.batchSize(), config.seed());
        DivergenceGuard guard = new DivergenceGuard(listener);
        for (long step = startStep; step < config.steps(); step++) {
            List<Sequence> batch = new ArrayList<>(config.batchSize());
            for (int i : order.batch(step)) {
                batch.add(train.get(i));
            }
            double learningRate = config.schedule().at(step);
            long done = step + 1;
            LossGradient result = model.nextTokenLossAndGradient(batch);
            guard.checkUpdate(done, result.loss(), result.gradient(), learningRate);
            optimizer.step(model.parameters(), result.gradient(), learningRate);
            guard.checkParameters(done, model.parameters(), learningRate);
            guard.passed(done, () -> trainMetrics(result.loss(), learningRate));
            boolean last = done == config.steps();
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (done % config.logEvery() == 0 || last) {
                metrics.putAll(trainMetrics(result.loss(), learningRate));
            }
            if (!eval.isEmpty() && (done % config.evalEvery() == 0 || last)) {
                Map<String, Double> held = Map.of(PreferenceMetrics.EVAL + PreferenceMetrics.LOSS, meanNll(eval));
                guard.checkMetrics(done, held, learningRate);
                metrics.putAll(held);
            }
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

    private static Map<String, Double> trainMetrics(double loss, double learningRate) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        metrics.put("learning_rate", learningRate);
        return metrics;
    }

    /** Token-weighted mean negative log-likelihood of {@code sequences} at the current parameters. */
    public double meanNll(List<Sequence> sequences) {
        double nll = 0;
        long tokens = 0;
        int chunk = Math.max(8, config.batchSize());
        for (int start = 0; start < sequences.size(); start += chunk) {
            var scores = model.score(sequences.subList(start, Math.min(sequences.size(), start + chunk)));
            for (int i = 0; i < scores.logp().length; i++) {
                nll -= scores.logp()[i];
                tokens += scores.counts()[i];
            }
        }
        return nll / tokens;
    }
}
