package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DirectedPairGram;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.model.TokenGram;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TensorFlow causal Transformer language model: a {@link LanguageModelGraph} of the
 * {@link TransformerGraph} architecture, built once and fed the
 * live {@link ParameterSet} on every call.
 */
public final class TransformerLanguageModel implements LanguageModel {
    private final LanguageModelConfig config;
    private final ParameterSet parameters;
    private final LanguageModelGraph<? extends TFloating> graph;

    /** A model of {@code config} initialised from {@code seed}, running with {@code settings}. */
    public TransformerLanguageModel(LanguageModelConfig config, long seed, SessionSettings settings) {
        this.config = config;
        this.parameters = TransformerInitializer.initialise(config, seed);
        this.graph = new LanguageModelGraph<>(config, parameters, settings, TransformerGraph.ARCHITECTURE);
    }

    @Override
    public LanguageModelConfig config() {
        return config;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public SequenceScores score(List<Sequence> batch) {
        TokenBatch tokens = TokenBatch.of(batch, config);
        LanguageModelGraph.Scores scores = graph.score(parameters, tokens);
        return toScores(batch, tokens, scores);
    }

    private static SequenceScores toScores(List<Sequence> batch, TokenBatch tokens, LanguageModelGraph.Scores scores) {
        return new SequenceScores(scores.sequenceLogp(), tokens.counts(), responses(batch, tokens, scores.tokenLogp()));
    }

    @Override
    public TokenStatistics tokenStatistics(List<Sequence> batch) {
        TokenBatch tokens = TokenBatch.of(batch, config);
        LanguageModelGraph.Statistics run = graph.statistics(parameters, tokens);
        return new TokenStatistics(run.sequenceLogp(), responses(batch, tokens, run.tokenLogp()), responses(batch, tokens, run.entropy()),
                responses(batch, tokens, run.meanLogit()), responses(batch, tokens, run.logSumSquares()));
    }

    /** Each sequence's response positions of a row-major {@code [N, T]} array. */
    private static double[][] responses(List<Sequence> batch, TokenBatch tokens, double[] perPosition) {
        int t = tokens.positions();
        double[][] rows = new double[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            rows[i] = Arrays.copyOfRange(perPosition, i * t + s.responseStart() - 1,
                    i * t + s.responseStart() - 1 + s.responseLength());
        }
        return rows;
    }

    @Override
    public LossGradient nextTokenLossAndGradient(List<Sequence> batch) {
        TokenBatch tokens = TokenBatch.of(batch, config);
        long total = 0;
        for (int c : tokens.counts()) {
            total += c;
        }
        double[] w = new double[batch.size()];
        Arrays.fill(w, -1.0 / total);
        ParameterSet gradient = parameters.zerosLike();
        LanguageModelGraph.Scores scores = graph.weightedGradient(parameters, tokens, w, gradient);
        double sum = 0;
        for (double lp : scores.sequenceLogp()) {
            sum += lp;
        }
        return new LossGradient(-sum / total, gradient);
    }

    @Override
    public ParameterSet weightedLogProbGradient(List<Sequence> batch, double[] weights) {
        if (weights.length != batch.size()) {
            throw GramianException.usage(weights.length + " weights for " + batch.size()
                    + " sequences; give one weight per sequence");
        }
        ParameterSet gradient = parameters.zerosLike();
        graph.weightedGradient(parameters, TokenBatch.of(batch, config), weights.clone(), gradient);
        return gradient;
    }

    @Override
    public ParameterSet tokenWeightedLogProbGradient(List<Sequence> batch, double[][] weights) {
        if (weights.length != batch.size()) {
            throw GramianException.usage(weights.length + " weight rows for " + batch.size()
                    + " sequences; give one row per sequence");
        }
        TokenBatch tokens = TokenBatch.of(batch, config);
        int t = tokens.positions();
        double[] seed = new double[batch.size() * t];
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            if (weights[i].length != s.responseLength()) {
                throw GramianException.usage("sequence " + i + ": " + weights[i].length + " token weights for "
                        + s.responseLength() + " response tokens");
            }
            System.arraycopy(weights[i], 0, seed, i * t + s.responseStart() - 1, weights[i].length);
        }
        ParameterSet gradient = parameters.zerosLike();
        graph.tokenWeightedGradient(parameters, tokens, seed, gradient);
        return gradient;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The loss's ops and their gradient are added to the graph on the first call with a given
     * loss instance and reused afterwards: create the loss once and pass the same instance.
     */
    @Override
    public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
        int b = requirePairs(batch.chosen(), batch.rejected());
        TokenBatch tokens = TokenBatch.of(batch.sequences(), config);
        double[] reference = new double[2 * b];
        System.arraycopy(batch.refChosen(), 0, reference, 0, b);
        System.arraycopy(batch.refRejected(), 0, reference, b, b);
        double[] counts = new double[2 * b];
        for (int i = 0; i < 2 * b; i++) {
            counts[i] = tokens.counts()[i];
        }
        ParameterSet gradient = parameters.zerosLike();
        LanguageModelGraph.PreferenceRun run = graph.preference(loss, parameters, tokens, reference, counts, gradient);
        double[] lw = Arrays.copyOfRange(run.sequenceLogp(), 0, b);
        double[] ll = Arrays.copyOfRange(run.sequenceLogp(), b, 2 * b);
        int[] nw = Arrays.copyOfRange(tokens.counts(), 0, b);
        int[] nl = Arrays.copyOfRange(tokens.counts(), b, 2 * b);
        return new PreferenceStep(run.loss(), gradient, lw, ll, nw, nl);
    }

    @Override
    public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
        int b = requirePairs(chosen, rejected);
        List<Sequence> all = concat(chosen, rejected);
        return method == GramMethod.FAST ? fastGram(all, b, full, GhostGram.LinearTerm.CHEAPER)
                : exactGram(all, b, full);
    }

    /** {@inheritDoc} Here everything comes from the fast Gram path's one batched backward pass. */
    @Override
    public DirectedPairGram pairGramAlong(List<Sequence> chosen, List<Sequence> rejected, ParameterSet direction) {
        return pairGramAlong(chosen, rejected, direction, GhostGram.LinearTerm.CHEAPER);
    }

    /** As {@link #pairGramAlong(List, List, ParameterSet)}, the linear layers' terms computed as {@code policy} says. */
    DirectedPairGram pairGramAlong(List<Sequence> chosen, List<Sequence> rejected, ParameterSet direction,
                                   GhostGram.LinearTerm policy) {
        int b = requirePairs(chosen, rejected);
        if (!direction.sameLayout(parameters)) {
            throw new IllegalArgumentException("the direction's layout differs from the model's parameters");
        }
        LanguageModelGraph.DirectedRun run = graph.fastGramAlong(parameters, TokenBatch.of(concat(chosen, rejected),
                config), direction, policy);
        return new DirectedPairGram(pairEntries(run.entries(), b), Arrays.copyOfRange(run.sequenceLogp(), 0, b),
                Arrays.copyOfRange(run.sequenceLogp(), b, 2 * b), Arrays.copyOfRange(run.slope(), 0, b),
                Arrays.copyOfRange(run.slope(), b, 2 * b));
    }

    /** The fast path with the linear layers' terms computed as {@code policy} says (tests use both forms). */
    PairGram fastGram(List<Sequence> chosen, List<Sequence> rejected, boolean full, GhostGram.LinearTerm policy) {
        return fastGram(concat(chosen, rejected), requirePairs(chosen, rejected), full, policy);
    }

    private PairGram fastGram(List<Sequence> all, int b, boolean full, GhostGram.LinearTerm policy) {
        TokenBatch tokens = TokenBatch.of(all, config);
        int n = 2 * b;
        if (full) {
            double[] flat = graph.fastGram(parameters, tokens, true, policy);
            double[][] gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    // Symmetrise: the two float products of an entry differ in rounding only.
                    gram[i][j] = 0.5 * (flat[i * n + j] + flat[j * n + i]);
                }
            }
            return fromFull(gram, b);
        }
        return pairEntries(graph.fastGram(parameters, tokens, false, policy), b);
    }

    /** The pair form's entries {@code [‖g_i‖² for i < 2B, ⟨g_i, g_{B+i}⟩ for i < B]} as a {@link PairGram}. */
    private static PairGram pairEntries(double[] entries, int b) {
        return new PairGram(Arrays.copyOfRange(entries, 0, b), Arrays.copyOfRange(entries, b, 2 * b),
                Arrays.copyOfRange(entries, 2 * b, 3 * b), null);
    }

    private PairGram exactGram(List<Sequence> all, int b, boolean full) {
        int n = 2 * b;
        if (full) {
            List<double[]> grads = new ArrayList<>(n);
            for (Sequence s : all) {
                grads.add(graph.flatGradient(parameters, TokenBatch.of(List.of(s), config)));
            }
            double[][] gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    gram[i][j] = dot(grads.get(i), grads.get(j));
                    gram[j][i] = gram[i][j];
                }
            }
            return fromFull(gram, b);
        }
        double[] cn = new double[b];
        double[] rn = new double[b];
        double[] ip = new double[b];
        for (int i = 0; i < b; i++) {
            double[] gw = graph.flatGradient(parameters, TokenBatch.of(List.of(all.get(i)), config));
            double[] gl = graph.flatGradient(parameters, TokenBatch.of(List.of(all.get(b + i)), config));
            cn[i] = dot(gw, gw);
            rn[i] = dot(gl, gl);
            ip[i] = dot(gw, gl);
        }
        return new PairGram(cn, rn, ip, null);
    }

    @Override
    public TokenGram tokenGram(Sequence chosen, Sequence rejected) {
        List<double[]> w = tokenGradients(chosen);
        List<double[]> l = tokenGradients(rejected);
        double[] wn = new double[w.size()];
        double[] ln = new double[l.size()];
        double[][] ip = new double[w.size()][l.size()];
        for (int t = 0; t < w.size(); t++) {
            wn[t] = dot(w.get(t), w.get(t));
            for (int s = 0; s < l.size(); s++) {
                ip[t][s] = dot(w.get(t), l.get(s));
            }
        }
        for (int s = 0; s < l.size(); s++) {
            ln[s] = dot(l.get(s), l.get(s));
        }
        return new TokenGram(wn, ln, ip);
    }

    private List<double[]> tokenGradients(Sequence sequence) {
        TokenBatch single = TokenBatch.of(List.of(sequence), config);
        List<double[]> grads = new ArrayList<>(sequence.responseLength());
        for (int j = 0; j < sequence.responseLength(); j++) {
            grads.add(graph.flatTokenGradient(parameters, single, sequence.responseStart() - 1 + j));
        }
        return grads;
    }

    private static PairGram fromFull(double[][] gram, int b) {
        double[] cn = new double[b];
        double[] rn = new double[b];
        double[] ip = new double[b];
        for (int i = 0; i < b; i++) {
            cn[i] = gram[i][i];
            rn[i] = gram[b + i][b + i];
            ip[i] = gram[i][b + i];
        }
        return new PairGram(cn, rn, ip, gram);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static int requirePairs(List<Sequence> chosen, List<Sequence> rejected) {
        if (chosen.size() != rejected.size() || chosen.isEmpty()) {
            throw GramianException.usage(chosen.size() + " chosen and " + rejected.size()
                    + " rejected sequences; give the same positive number of each");
        }
        return chosen.size();
    }

    private static List<Sequence> concat(List<Sequence> a, List<Sequence> b) {
        List<Sequence> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        graph.close();
    }
}
