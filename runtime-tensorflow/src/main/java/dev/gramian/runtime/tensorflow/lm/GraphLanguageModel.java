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
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ParameterFeed;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A causal language model on TensorFlow: a {@link LanguageModelGraph} of any {@link Architecture},
 * built once and fed the live {@link ParameterSet} on every call. Every model — the built-in
 * Transformer, a pre-trained decoder fully fine-tuned or with an adapter — is this class with
 * another architecture, so scoring, gradients, the in-graph preference loss and both Gram paths
 * are one code.
 *
 * <p>Calls are split by sequences (by pairs for preference losses and the pair-form Gram) so that
 * no run's logits exceed {@link #LOGIT_BUDGET} elements and no run's stored activations exceed
 * {@link #ACTIVATION_BUDGET} floats, unless one sequence alone does; the pieces' results are summed
 * exactly. A per-pair loss's batch mean is the pieces' means weighted by their pair counts; when one
 * pair alone is over budget the preference step runs sequence by sequence, each sequence's
 * log-probability and gradient from one pass, a pair's two gradients scaled by the loss's
 * derivatives {@code ∂loss/∂logp} once both are known, which is the same gradient.
 */
public class GraphLanguageModel implements LanguageModel {

    /** The most logits (scored positions × vocabulary elements) one run computes when sequences can be split: 32 Mi. */
    public static final long LOGIT_BUDGET = 1L << 25;

    /**
     * The most activation floats one run keeps for its backward pass when sequences can be split:
     * 128 Mi (512 MB in float32), estimated per token as {@code layers · (16·width + 5·mlp + 3·heads·T)}.
     * The default; the backend's option {@code activation_memory_mb} sets another through {@link #budgets}.
     */
    public static final long ACTIVATION_BUDGET = 1L << 27;

    private final LanguageModelConfig config;
    private final ParameterSet parameters;
    private final LanguageModelGraph<? extends TFloating> graph;
    private long noiseSeed;
    private long logitBudget = LOGIT_BUDGET;
    private long activationBudget = ACTIVATION_BUDGET;

    /**
     * A model of {@code architecture} over {@code parameters} (taken over as the live parameters).
     *
     * @param config the shape: vocabulary and context bound the batches, the sizes set the budgets
     */
    protected GraphLanguageModel(LanguageModelConfig config, ParameterSet parameters, Architecture architecture,
                                 SessionSettings settings) {
        this.config = config;
        this.parameters = parameters;
        try {
            this.graph = new LanguageModelGraph<>(parameters, config.vocabularySize(), settings, architecture);
        } catch (RuntimeException e) {
            architecture.close();
            throw e;
        }
    }

    @Override
    public LanguageModelConfig config() {
        return config;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /** Sets the budgets one run keeps to (tests split tiny batches with them). */
    public void budgets(long logits, long activations) {
        this.logitBudget = logits;
        this.activationBudget = activations;
    }

    /**
     * Consecutive index ranges of items (an item is {@code itemSize} sequences: item i is
     * sequences i, i + items, …) whose logits and activations fit the budgets, each range at least
     * one item.
     */
    public List<int[]> pieces(List<Sequence> batch, int itemSize) {
        List<int[]> out = new ArrayList<>();
        int items = batch.size() / itemSize;
        int longest = 0;
        int longestResponse = 0;
        for (Sequence s : batch) {
            longest = Math.max(longest, s.length());
            longestResponse = Math.max(longestResponse, s.responseLength());
        }
        long perToken = (long) config.layers() * (16L * config.width() + 5L * config.mlpWidth()
                + 3L * config.heads() * longest);
        long itemLogits = (long) itemSize * longestResponse * config.vocabularySize();
        long itemActivations = (long) itemSize * longest * perToken;
        int start = 0;
        long logits = 0;
        long activations = 0;
        for (int i = 0; i < items; i++) {
            if (i > start && (logits + itemLogits > logitBudget || activations + itemActivations > activationBudget)) {
                out.add(new int[]{start, i});
                start = i;
                logits = 0;
                activations = 0;
            }
            logits += itemLogits;
            activations += itemActivations;
        }
        out.add(new int[]{start, items});
        return out;
    }

    /** Whether one item of {@code itemSize} sequences alone exceeds a budget. */
    private boolean overBudget(List<Sequence> batch, int itemSize) {
        for (int[] piece : pieces(batch, itemSize)) {
            if (piece[1] - piece[0] == 1) {
                List<Sequence> one = new ArrayList<>();
                int items = batch.size() / itemSize;
                for (int k = 0; k < itemSize; k++) {
                    one.add(batch.get(k * items + piece[0]));
                }
                if (pieces(concat(one, one), 1).size() > 1 || pieces(one, 1).size() > 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first of a call's noise seeds, one per piece, advancing the model's seed past them. */
    private Evaluation nextTraining(List<Sequence> batch) {
        long first = noiseSeed;
        noiseSeed += batch.size();
        return Evaluation.training(first);
    }

    @Override
    public SequenceScores score(List<Sequence> batch) {
        return score(batch, Evaluation.PLAIN);
    }

    /** The response log-probabilities of {@code batch} evaluated as {@code evaluation} says, piece k with seed + k. */
    protected final SequenceScores score(List<Sequence> batch, Evaluation evaluation) {
        double[] logp = new double[batch.size()];
        int[] counts = new int[batch.size()];
        double[][] perToken = new double[batch.size()][];
        List<int[]> pieces = pieces(batch, 1);
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int k = 0; k < pieces.size(); k++) {
                int[] piece = pieces.get(k);
                TokenBatch tokens = TokenBatch.of(batch.subList(piece[0], piece[1]), config);
                LanguageModelGraph.Scores scores = graph.score(feed, tokens, evaluation.piece(k));
                for (int i = 0; i < tokens.rows(); i++) {
                    int s = tokens.scoredPositions();
                    logp[piece[0] + i] = scores.sequenceLogp()[i];
                    counts[piece[0] + i] = tokens.counts()[i];
                    perToken[piece[0] + i] = Arrays.copyOfRange(scores.tokenLogp(), i * s, i * s + tokens.counts()[i]);
                }
            }
        }
        return new SequenceScores(logp, counts, perToken);
    }

    @Override
    public TokenStatistics tokenStatistics(List<Sequence> batch) {
        int n = batch.size();
        double[] logp = new double[n];
        double[][][] rows = new double[4][n][];
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int[] piece : pieces(batch, 1)) {
                TokenBatch tokens = TokenBatch.of(batch.subList(piece[0], piece[1]), config);
                LanguageModelGraph.Statistics stats = graph.statistics(feed, tokens);
                double[][] perPosition = {stats.tokenLogp(), stats.entropy(), stats.meanLogit(), stats.logSumSquares()};
                int s = tokens.scoredPositions();
                for (int i = 0; i < tokens.rows(); i++) {
                    logp[piece[0] + i] = stats.sequenceLogp()[i];
                    for (int k = 0; k < rows.length; k++) {
                        rows[k][piece[0] + i] = Arrays.copyOfRange(perPosition[k], i * s, i * s + tokens.counts()[i]);
                    }
                }
            }
        }
        return new TokenStatistics(logp, rows[0], rows[1], rows[2], rows[3]);
    }

    @Override
    public LossGradient nextTokenLossAndGradient(List<Sequence> batch) {
        long total = 0;
        for (Sequence s : batch) {
            total += s.responseLength();
        }
        double[] w = new double[batch.size()];
        Arrays.fill(w, -1.0 / total);
        ParameterSet gradient = parameters.zerosLike();
        double[] logp = addWeightedGradient(batch, w, nextTraining(batch), gradient);
        double sum = 0;
        for (double lp : logp) {
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
        addWeightedGradient(batch, weights, Evaluation.PLAIN, gradient);
        return gradient;
    }

    /** Adds the weighted gradient piece by piece, piece k with seed + k; returns every sequence's log-probability. */
    private double[] addWeightedGradient(List<Sequence> batch, double[] weights, Evaluation evaluation,
                                         ParameterSet into) {
        double[] logp = new double[batch.size()];
        List<int[]> pieces = pieces(batch, 1);
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int k = 0; k < pieces.size(); k++) {
                int[] piece = pieces.get(k);
                LanguageModelGraph.Scores s = graph.addWeightedGradient(feed, TokenBatch.of(batch.subList(piece[0],
                        piece[1]), config), Arrays.copyOfRange(weights, piece[0], piece[1]), evaluation.piece(k), into);
                System.arraycopy(s.sequenceLogp(), 0, logp, piece[0], piece[1] - piece[0]);
            }
        }
        return logp;
    }

    @Override
    public ParameterSet tokenWeightedLogProbGradient(List<Sequence> batch, double[][] weights) {
        checkTokenWeights(batch, weights);
        ParameterSet gradient = parameters.zerosLike();
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int[] piece : pieces(batch, 1)) {
                TokenBatch tokens = TokenBatch.of(batch.subList(piece[0], piece[1]), config);
                graph.addTokenWeightedGradient(feed, tokens, seed(tokens, Arrays.copyOfRange(weights, piece[0],
                        piece[1])), gradient);
            }
        }
        return gradient;
    }

    private static void checkTokenWeights(List<Sequence> batch, double[][] weights) {
        if (weights.length != batch.size()) {
            throw GramianException.usage(weights.length + " weight rows for " + batch.size()
                    + " sequences; give one row per sequence");
        }
        for (int i = 0; i < batch.size(); i++) {
            if (weights[i].length != batch.get(i).responseLength()) {
                throw GramianException.usage("sequence " + i + ": " + weights[i].length + " token weights for "
                        + batch.get(i).responseLength() + " response tokens");
            }
        }
    }

    /** Token weights laid out like {@code tokens}' scored positions (rows × S), 0 on padding. */
    private static double[] seed(TokenBatch tokens, double[][] rows) {
        int s = tokens.scoredPositions();
        double[] seed = new double[tokens.rows() * s];
        for (int i = 0; i < tokens.rows(); i++) {
            System.arraycopy(rows[i], 0, seed, i * s, rows[i].length);
        }
        return seed;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The loss's ops and their gradient are added to the graph on the first call with a given
     * loss instance and reused afterwards: create the loss once and pass the same instance.
     */
    @Override
    public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
        List<Sequence> chosen = batch.chosen();
        List<Sequence> rejected = batch.rejected();
        int b = requirePairs(chosen, rejected);
        List<Sequence> all = batch.sequences();
        Evaluation training = nextTraining(all);
        if (overBudget(all, 2)) {
            return preferenceSequenceBySequence(loss, chosen, rejected, batch.refChosen(), batch.refRejected(),
                    training);
        }
        ParameterSet gradient = parameters.zerosLike();
        double[] lw = new double[b];
        double[] ll = new double[b];
        int[] nw = new int[b];
        int[] nl = new int[b];
        double total = 0;
        List<int[]> pieces = pieces(all, 2);
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int p = 0; p < pieces.size(); p++) {
                int from = pieces.get(p)[0];
                int to = pieces.get(p)[1];
                int k = to - from;
                TokenBatch tokens = TokenBatch.of(concat(chosen.subList(from, to), rejected.subList(from, to)), config);
                double[] reference = new double[2 * k];
                System.arraycopy(batch.refChosen(), from, reference, 0, k);
                System.arraycopy(batch.refRejected(), from, reference, k, k);
                double[] counts = Arrays.stream(tokens.counts()).asDoubleStream().toArray();
                LanguageModelGraph.PreferenceRun run = graph.addPreference(loss, feed, tokens, reference, counts,
                        (double) k / b, training.piece(p), gradient);
                total += run.loss() * k / b;
                System.arraycopy(run.sequenceLogp(), 0, lw, from, k);
                System.arraycopy(run.sequenceLogp(), k, ll, from, k);
                System.arraycopy(tokens.counts(), 0, nw, from, k);
                System.arraycopy(tokens.counts(), k, nl, from, k);
            }
        }
        return new PreferenceStep(total, gradient, lw, ll, nw, nl);
    }

    /**
     * The preference step for pairs too large to run whole: each sequence alone, one forward and
     * backward pass of its log-probability's gradient, sequence j with noise seed + j. A pair's two
     * gradients stay in TensorFlow's memory until both log-probabilities give the loss and its
     * derivatives on doubles ({@link MarginLoss#evaluate}), which scale them into the step's gradient:
     * the same gradient as the whole batch's, with no second forward pass.
     */
    private PreferenceStep preferenceSequenceBySequence(MarginLoss loss, List<Sequence> chosen,
                                                        List<Sequence> rejected, double[] refChosen,
                                                        double[] refRejected, Evaluation training) {
        int b = chosen.size();
        ParameterSet gradient = parameters.zerosLike();
        double total = 0;
        double[] lw = new double[b];
        double[] ll = new double[b];
        int[] nw = new int[b];
        int[] nl = new int[b];
        double[] one = {1};
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int i = 0; i < b; i++) {
                TokenBatch w = TokenBatch.of(List.of(chosen.get(i)), config);
                TokenBatch l = TokenBatch.of(List.of(rejected.get(i)), config);
                try (LanguageModelGraph.PendingGradient gw = graph.weightedGradient(feed, w, one, training.piece(i));
                     LanguageModelGraph.PendingGradient gl = graph.weightedGradient(feed, l, one,
                             training.piece(b + i))) {
                    lw[i] = gw.scores().sequenceLogp()[0];
                    ll[i] = gl.scores().sequenceLogp()[0];
                    nw[i] = w.counts()[0];
                    nl[i] = l.counts()[0];
                    LossEvaluation evaluation = loss.evaluate(new PairScores(lw[i], ll[i], refChosen[i],
                            refRejected[i], nw[i], nl[i]));
                    total += evaluation.loss() / b;
                    gw.addTo(gradient, evaluation.dLogpChosen() / b);
                    gl.addTo(gradient, evaluation.dLogpRejected() / b);
                }
            }
        }
        return new PreferenceStep(total, gradient, lw, ll, nw, nl);
    }

    @Override
    public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
        requirePairs(chosen, rejected);
        return method == GramMethod.FAST ? fastGram(chosen, rejected, full, LinearTerm.CHEAPER)
                : exactGram(chosen, rejected, full);
    }

    /** {@inheritDoc} Here everything comes from the fast Gram path's one batched backward pass. */
    @Override
    public DirectedPairGram pairGramAlong(List<Sequence> chosen, List<Sequence> rejected, ParameterSet direction) {
        return pairGramAlong(chosen, rejected, direction, LinearTerm.CHEAPER);
    }

    /**
     * As {@link #pairGramAlong(List, List, ParameterSet)}, the linear layers' terms computed as
     * {@code policy} says; runs whole pairs within the budgets.
     */
    public DirectedPairGram pairGramAlong(List<Sequence> chosen, List<Sequence> rejected, ParameterSet direction,
                                          LinearTerm policy) {
        return directedGram(chosen, rejected, null, direction, policy);
    }

    /** {@inheritDoc} Here too from the fast Gram path's one batched backward pass, seeded with the weights. */
    @Override
    public DirectedPairGram tokenWeightedPairGramAlong(List<Sequence> chosen, List<Sequence> rejected,
                                                       double[][] chosenWeights, double[][] rejectedWeights,
                                                       ParameterSet direction) {
        return tokenWeightedPairGramAlong(chosen, rejected, chosenWeights, rejectedWeights, direction,
                LinearTerm.CHEAPER);
    }

    /**
     * As {@link #tokenWeightedPairGramAlong(List, List, double[][], double[][], ParameterSet)}, the linear
     * layers' terms computed as {@code policy} says.
     */
    public DirectedPairGram tokenWeightedPairGramAlong(List<Sequence> chosen, List<Sequence> rejected,
                                                       double[][] chosenWeights, double[][] rejectedWeights,
                                                       ParameterSet direction, LinearTerm policy) {
        int b = requirePairs(chosen, rejected);
        if (chosenWeights.length != b || rejectedWeights.length != b) {
            throw GramianException.usage(chosenWeights.length + " chosen and " + rejectedWeights.length
                    + " rejected weight rows for " + b + " pairs; give one row per response");
        }
        double[][] weights = new double[2 * b][];
        System.arraycopy(chosenWeights, 0, weights, 0, b);
        System.arraycopy(rejectedWeights, 0, weights, b, b);
        List<Sequence> all = concat(chosen, rejected);
        checkTokenWeights(all, weights);
        return directedGram(chosen, rejected, weights, direction, policy);
    }

    /**
     * The pair-form Gram, log-probabilities and slopes of the plain sums ({@code weights} null) or
     * of the token-weighted ones (one row per response, the chosen ones first), pieces of whole
     * pairs within the budgets.
     */
    private DirectedPairGram directedGram(List<Sequence> chosen, List<Sequence> rejected, double[][] weights,
                                          ParameterSet direction, LinearTerm policy) {
        int b = requirePairs(chosen, rejected);
        if (!direction.sameLayout(parameters)) {
            throw new IllegalArgumentException("the direction's layout differs from the model's parameters");
        }
        double[][] out = new double[7][b];
        try (ParameterFeed feed = graph.feed(parameters)) {
            for (int[] piece : pieces(concat(chosen, rejected), 2)) {
                int from = piece[0];
                int k = piece[1] - from;
                List<Sequence> sequences = concat(chosen.subList(from, piece[1]), rejected.subList(from, piece[1]));
                TokenBatch tokens = TokenBatch.of(sequences, config);
                double[][] rows = weights == null ? null : new double[2 * k][];
                for (int i = 0; rows != null && i < k; i++) {
                    rows[i] = weights[from + i];
                    rows[k + i] = weights[b + from + i];
                }
                double[] seed = rows == null ? null : seed(tokens, rows);
                LanguageModelGraph.DirectedRun run = graph.fastGramAlong(feed, tokens, direction, policy, seed);
                double[] logp = seed == null ? run.sequenceLogp() : weightedSums(seed, run.sequenceLogp(), 2 * k);
                double[][] parts = {run.entries(), logp, run.slope()};
                // entries: k chosen norms, k rejected norms, k products; logp and slope: k chosen, k rejected
                int row = 0;
                for (double[] part : parts) {
                    for (int j = 0; j < part.length / k; j++) {
                        System.arraycopy(part, j * k, out[row++], from, k);
                    }
                }
            }
        }
        return new DirectedPairGram(new PairGram(out[0], out[1], out[2], null), out[3], out[4], out[5], out[6]);
    }

    /** Per row, {@code Σ_j seed_j·tokenLogp_j} over the row's S scored positions. */
    private static double[] weightedSums(double[] seed, double[] tokenLogp, int rows) {
        int s = seed.length / rows;
        double[] sums = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < s; j++) {
                sums[i] += seed[i * s + j] * tokenLogp[i * s + j];
            }
        }
        return sums;
    }

    /** The fast path with the linear layers' terms computed as {@code policy} says (tests use every form). */
    public PairGram fastGram(List<Sequence> chosen, List<Sequence> rejected, boolean full,
                             LinearTerm policy) {
        int b = requirePairs(chosen, rejected);
        int n = 2 * b;
        try (ParameterFeed feed = graph.feed(parameters)) {
            if (full) {
                double[] flat = graph.fastGram(feed, TokenBatch.of(concat(chosen, rejected), config), true, policy);
                double[][] gram = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        // Symmetrise: the two float products of an entry differ in rounding only.
                        gram[i][j] = 0.5 * (flat[i * n + j] + flat[j * n + i]);
                    }
                }
                return fromFull(gram, b);
            }
            double[][] out = new double[3][b];
            for (int[] piece : pieces(concat(chosen, rejected), 2)) {
                int from = piece[0];
                int k = piece[1] - from;
                double[] entries = graph.fastGram(feed, TokenBatch.of(concat(chosen.subList(from, piece[1]),
                        rejected.subList(from, piece[1])), config), false, policy);
                for (int j = 0; j < 3; j++) {
                    System.arraycopy(entries, j * k, out[j], from, k);
                }
            }
            return new PairGram(out[0], out[1], out[2], null);
        }
    }

    private PairGram exactGram(List<Sequence> chosen, List<Sequence> rejected, boolean full) {
        int b = chosen.size();
        if (full) {
            List<Sequence> all = concat(chosen, rejected);
            List<ParameterSet> grads = new ArrayList<>(2 * b);
            for (Sequence s : all) {
                grads.add(weightedLogProbGradient(List.of(s), new double[]{1}));
            }
            double[][] gram = new double[2 * b][2 * b];
            for (int i = 0; i < 2 * b; i++) {
                for (int j = i; j < 2 * b; j++) {
                    gram[i][j] = grads.get(i).dot(grads.get(j));
                    gram[j][i] = gram[i][j];
                }
            }
            return fromFull(gram, b);
        }
        double[] cn = new double[b];
        double[] rn = new double[b];
        double[] ip = new double[b];
        for (int i = 0; i < b; i++) {
            ParameterSet gw = weightedLogProbGradient(List.of(chosen.get(i)), new double[]{1});
            ParameterSet gl = weightedLogProbGradient(List.of(rejected.get(i)), new double[]{1});
            cn[i] = gw.squaredNorm();
            rn[i] = gl.squaredNorm();
            ip[i] = gw.dot(gl);
        }
        return new PairGram(cn, rn, ip, null);
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

    @Override
    public TokenGram tokenGram(Sequence chosen, Sequence rejected) {
        List<ParameterSet> w = tokenGradients(chosen);
        List<ParameterSet> l = tokenGradients(rejected);
        double[] wn = w.stream().mapToDouble(ParameterSet::squaredNorm).toArray();
        double[] ln = l.stream().mapToDouble(ParameterSet::squaredNorm).toArray();
        double[][] ip = new double[w.size()][l.size()];
        for (int t = 0; t < w.size(); t++) {
            for (int s = 0; s < l.size(); s++) {
                ip[t][s] = w.get(t).dot(l.get(s));
            }
        }
        return new TokenGram(wn, ln, ip);
    }

    private List<ParameterSet> tokenGradients(Sequence sequence) {
        List<ParameterSet> out = new ArrayList<>(sequence.responseLength());
        for (int j = 0; j < sequence.responseLength(); j++) {
            double[] oneHot = new double[sequence.responseLength()];
            oneHot[j] = 1;
            out.add(tokenWeightedLogProbGradient(List.of(sequence), new double[][]{oneHot}));
        }
        return out;
    }

    private static int requirePairs(List<Sequence> chosen, List<Sequence> rejected) {
        if (chosen.size() != rejected.size() || chosen.isEmpty()) {
            throw GramianException.usage(chosen.size() + " chosen and " + rejected.size()
                    + " rejected sequences; give the same positive number of each");
        }
        return chosen.size();
    }

    /** {@code a} followed by {@code b}. */
    public static List<Sequence> concat(List<Sequence> a, List<Sequence> b) {
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
