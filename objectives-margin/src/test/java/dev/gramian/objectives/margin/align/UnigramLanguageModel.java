package dev.gramian.objectives.margin.align;

import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * A context-free language model for trainer tests: every token has probability softmax(θ)[token]
 * whatever came before, with analytic gradients. Small enough to check by hand, real enough that
 * DPO on it must raise the chosen token and lower the rejected one.
 */
final class UnigramLanguageModel implements LanguageModel {
    private final ParameterSet parameters;
    private final int vocabulary;

    UnigramLanguageModel(int vocabulary) {
        this.vocabulary = vocabulary;
        this.parameters = new ParameterSet(List.of(
                new ParameterSet.Parameter("logits", new int[] {vocabulary}, new double[vocabulary])));
    }

    @Override
    public LanguageModelConfig config() {
        return new LanguageModelConfig(vocabulary, 64, 0, 1, 1, 1);
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    private double[] logSoftmax() {
        double[] theta = parameters.values("logits");
        double max = Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double sum = 0;
        for (double t : theta) {
            sum += Math.exp(t - max);
        }
        double lse = max + Math.log(sum);
        double[] out = new double[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            out[i] = theta[i] - lse;
        }
        return out;
    }

    @Override
    public SequenceScores score(List<Sequence> batch) {
        double[] logProbs = logSoftmax();
        double[] logp = new double[batch.size()];
        int[] counts = new int[batch.size()];
        double[][] perToken = new double[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            perToken[i] = new double[s.responseLength()];
            for (int t = s.responseStart(); t < s.tokens().length; t++) {
                perToken[i][t - s.responseStart()] = logProbs[s.token(t)];
                logp[i] += logProbs[s.token(t)];
            }
            counts[i] = s.responseLength();
        }
        return new SequenceScores(logp, counts, perToken);
    }

    /** Every position's distribution is softmax(θ): its entropy, mean logit and log Σ p² are the same everywhere. */
    @Override
    public TokenStatistics tokenStatistics(List<Sequence> batch) {
        double[] logProbs = logSoftmax();
        double[] theta = parameters.values("logits");
        double entropy = 0;
        double squares = 0;
        double mean = 0;
        for (int v = 0; v < vocabulary; v++) {
            entropy -= Math.exp(logProbs[v]) * logProbs[v];
            squares += Math.exp(2 * logProbs[v]);
            mean += theta[v] / vocabulary;
        }
        SequenceScores scores = score(batch);
        int n = batch.size();
        double[][] entropies = new double[n][];
        double[][] means = new double[n][];
        double[][] logSquares = new double[n][];
        for (int i = 0; i < n; i++) {
            int m = scores.counts()[i];
            entropies[i] = filled(m, entropy);
            means[i] = filled(m, mean);
            logSquares[i] = filled(m, Math.log(squares));
        }
        return new TokenStatistics(scores.logp(), scores.tokenLogp(), entropies, means, logSquares);
    }

    private static double[] filled(int length, double value) {
        double[] out = new double[length];
        java.util.Arrays.fill(out, value);
        return out;
    }

    @Override
    public ParameterSet tokenWeightedLogProbGradient(List<Sequence> batch, double[][] weights) {
        ParameterSet gradient = parameters.zerosLike();
        double[] logProbs = logSoftmax();
        double[] g = gradient.values("logits");
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            for (int t = s.responseStart(); t < s.tokens().length; t++) {
                double weight = weights[i][t - s.responseStart()];
                g[s.token(t)] += weight;
                for (int v = 0; v < vocabulary; v++) {
                    g[v] -= weight * Math.exp(logProbs[v]);
                }
            }
        }
        return gradient;
    }

    /** Adds {@code weight · ∇ logp(sequence)} to {@code gradient}. */
    private void accumulate(double[] gradient, Sequence s, double weight) {
        double[] logProbs = logSoftmax();
        for (int t = s.responseStart(); t < s.tokens().length; t++) {
            gradient[s.token(t)] += weight;
            for (int v = 0; v < vocabulary; v++) {
                gradient[v] -= weight * Math.exp(logProbs[v]);
            }
        }
    }

    @Override
    public LossGradient nextTokenLossAndGradient(List<Sequence> batch) {
        SequenceScores scores = score(batch);
        int tokens = 0;
        double logp = 0;
        for (int i = 0; i < batch.size(); i++) {
            tokens += scores.counts()[i];
            logp += scores.logp()[i];
        }
        double[] weights = new double[batch.size()];
        java.util.Arrays.fill(weights, -1.0 / tokens);
        return new LossGradient(-logp / tokens, weightedLogProbGradient(batch, weights));
    }

    @Override
    public ParameterSet weightedLogProbGradient(List<Sequence> batch, double[] weights) {
        ParameterSet gradient = parameters.zerosLike();
        for (int i = 0; i < batch.size(); i++) {
            accumulate(gradient.values("logits"), batch.get(i), weights[i]);
        }
        return gradient;
    }

    @Override
    public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
        List<Sequence> chosen = batch.chosen();
        List<Sequence> rejected = batch.rejected();
        double[] refChosen = batch.refChosen();
        double[] refRejected = batch.refRejected();
        SequenceScores w = score(chosen);
        SequenceScores l = score(rejected);
        int b = chosen.size();
        ParameterSet gradient = parameters.zerosLike();
        double total = 0;
        for (int i = 0; i < b; i++) {
            LossEvaluation e = loss.evaluate(new PairScores(w.logp()[i], l.logp()[i], refChosen[i], refRejected[i],
                    w.counts()[i], l.counts()[i]));
            total += e.loss();
            accumulate(gradient.values("logits"), chosen.get(i), e.dLogpChosen() / b);
            accumulate(gradient.values("logits"), rejected.get(i), e.dLogpRejected() / b);
        }
        return new PreferenceStep(total / b, gradient, w.logp(), l.logp(), w.counts(), l.counts());
    }

    @Override
    public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
        throw new UnsupportedOperationException("not needed by trainer tests");
    }

    @Override
    public void close() {
    }
}
