package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.PretrainedLanguageModel;
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
 * A pre-trained decoder on TensorFlow, fully fine-tuned: its parameters are the weights. Runs are
 * split by sequences (by pairs for preference losses) so that no run's R×V logits exceed
 * {@link #LOGIT_BUDGET} elements and no run's stored activations exceed {@link #ACTIVATION_BUDGET}
 * floats, unless one sequence alone does; gradients of the pieces are summed exactly. A
 * preference loss runs in-graph on pieces of whole pairs (a per-pair loss's batch mean is the
 * pieces' means weighted by their pair counts); when one pair alone is over budget it runs in two
 * phases, the log-probabilities first, then the gradient of {@code Σ ∂loss/∂logp · logp} taken
 * sequence by sequence with the same dropout masks, which is the same gradient.
 *
 * <p>Both Gram methods take one backward pass per sequence here: the per-layer fast path of the
 * built-in Transformer is not built for these graphs yet, so {@link GramMethod#FAST} gives the
 * exact values at the exact path's cost.
 */
public class DecoderModel implements PretrainedLanguageModel {

    /** The most logits (R × vocabulary elements) one run computes when sequences can be split: 32 Mi. */
    public static final long LOGIT_BUDGET = 1L << 25;

    /**
     * The most activation floats one run keeps for its backward pass when sequences can be split:
     * 128 Mi (512 MB in float32), estimated per token as {@code layers · (16·width + 5·mlp + 3·heads·T)}.
     */
    public static final long ACTIVATION_BUDGET = 1L << 27;

    final DecoderSpec spec;
    final ParameterSet parameters;
    final DecoderGraph<? extends TFloating> graph;
    private long dropoutSeed;
    private long logitBudget = LOGIT_BUDGET;
    private long activationBudget = ACTIVATION_BUDGET;

    /** Full fine-tuning of {@code weights} (taken over as the model's parameters). */
    public DecoderModel(DecoderSpec spec, ParameterSet weights, SessionSettings settings) {
        this(spec, weights, checkLayout(spec, weights), null, settings);
    }

    DecoderModel(DecoderSpec spec, ParameterSet trainable, ParameterSet frozen, dev.gramian.api.model.LoraSpec lora,
                 SessionSettings settings) {
        this.spec = spec;
        this.parameters = trainable;
        this.graph = new DecoderGraph<>(spec, trainable, frozen, lora, settings);
    }

    /** Checks that {@code weights} has exactly the spec's layout; returns an empty frozen set. */
    static ParameterSet checkLayout(DecoderSpec spec, ParameterSet weights) {
        var layout = spec.layout();
        if (!layout.keySet().equals(new java.util.HashSet<>(weights.names()))) {
            throw new IllegalArgumentException("the weights' names differ from the spec's layout: " + weights.names()
                    + " vs " + layout.keySet());
        }
        for (ParameterSet.Parameter p : weights.parameters()) {
            if (!Arrays.equals(layout.get(p.name()), p.shape())) {
                throw new IllegalArgumentException(p.name() + " has shape " + Arrays.toString(p.shape())
                        + "; the spec needs " + Arrays.toString(layout.get(p.name())));
            }
        }
        return new ParameterSet(List.of());
    }

    @Override
    public DecoderSpec spec() {
        return spec;
    }

    @Override
    public LanguageModelConfig config() {
        return spec.languageModelConfig();
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /** Sets the budgets one run keeps to (tests split tiny batches with them). */
    void budgets(long logits, long activations) {
        this.logitBudget = logits;
        this.activationBudget = activations;
    }

    /**
     * Consecutive index ranges of items (an item is {@code itemSize} sequences: item i is
     * sequences i, i + items, …) whose logits and activations fit the budgets, each range at least
     * one item.
     */
    List<int[]> pieces(List<Sequence> batch, int itemSize) {
        List<int[]> out = new ArrayList<>();
        int items = batch.size() / itemSize;
        int longest = 0;
        for (Sequence s : batch) {
            longest = Math.max(longest, s.tokens().length);
        }
        long perToken = (long) spec.layers() * (16L * spec.width() + 5L * spec.mlpWidth() + 3L * spec.heads() * longest);
        int start = 0;
        long logits = 0;
        long activations = 0;
        for (int i = 0; i < items; i++) {
            long itemLogits = 0;
            long itemActivations = 0;
            for (int k = 0; k < itemSize; k++) {
                itemLogits += (long) batch.get(k * items + i).responseLength() * spec.vocabularySize();
                itemActivations += longest * perToken;
            }
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

    @Override
    public SequenceScores score(List<Sequence> batch) {
        return score(batch, DecoderGraph.Adapter.ON, 0);
    }

    SequenceScores score(List<Sequence> batch, DecoderGraph.Adapter adapter, long seed) {
        double[] logp = new double[batch.size()];
        int[] counts = new int[batch.size()];
        double[][] perToken = new double[batch.size()][];
        List<int[]> pieces = pieces(batch, 1);
        try (DecoderGraph.Feed feed = graph.feed(parameters)) {
            for (int k = 0; k < pieces.size(); k++) {
                int[] piece = pieces.get(k);
                List<Sequence> part = batch.subList(piece[0], piece[1]);
                ScoredBatch tokens = ScoredBatch.of(part, spec);
                DecoderGraph.Scores scores = graph.score(feed, tokens, adapter, seed + k);
                int r = 0;
                for (int i = 0; i < part.size(); i++) {
                    logp[piece[0] + i] = scores.sequenceLogp()[i];
                    counts[piece[0] + i] = tokens.counts()[i];
                    perToken[piece[0] + i] = Arrays.copyOfRange(scores.tokenLogp(), r, r + tokens.counts()[i]);
                    r += tokens.counts()[i];
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
        try (DecoderGraph.Feed feed = graph.feed(parameters)) {
            for (int[] piece : pieces(batch, 1)) {
                List<Sequence> part = batch.subList(piece[0], piece[1]);
                ScoredBatch tokens = ScoredBatch.of(part, spec);
                DecoderGraph.Statistics stats = graph.statistics(feed, tokens);
                double[][] perPosition = {stats.tokenLogp(), stats.entropy(), stats.meanLogit(), stats.logSumSquares()};
                int r = 0;
                for (int i = 0; i < part.size(); i++) {
                    logp[piece[0] + i] = stats.sequenceLogp()[i];
                    for (int k = 0; k < rows.length; k++) {
                        rows[k][piece[0] + i] = Arrays.copyOfRange(perPosition[k], r, r + tokens.counts()[i]);
                    }
                    r += tokens.counts()[i];
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
        double[] logp = weightedGradient(batch, w, DecoderGraph.Adapter.TRAINING, nextSeeds(batch), gradient);
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
        weightedGradient(batch, weights, DecoderGraph.Adapter.ON, 0, gradient);
        return gradient;
    }

    /** The first of a call's dropout seeds, one per piece, advancing the model's seed past them. */
    private long nextSeeds(List<Sequence> batch) {
        long first = dropoutSeed;
        dropoutSeed += batch.size();
        return first;
    }

    /**
     * Adds the weighted gradient piece by piece, piece k with dropout seed {@code seed + k}; returns
     * every sequence's log-probability.
     */
    private double[] weightedGradient(List<Sequence> batch, double[] weights, DecoderGraph.Adapter adapter, long seed,
                                      ParameterSet into) {
        double[] logp = new double[batch.size()];
        List<int[]> pieces = pieces(batch, 1);
        try (DecoderGraph.Feed feed = graph.feed(parameters)) {
            for (int k = 0; k < pieces.size(); k++) {
                int[] piece = pieces.get(k);
                DecoderGraph.Scores s = graph.addWeightedGradient(feed, ScoredBatch.of(batch.subList(piece[0],
                        piece[1]), spec), Arrays.copyOfRange(weights, piece[0], piece[1]), adapter, seed + k, into);
                System.arraycopy(s.sequenceLogp(), 0, logp, piece[0], piece[1] - piece[0]);
            }
        }
        return logp;
    }

    @Override
    public ParameterSet tokenWeightedLogProbGradient(List<Sequence> batch, double[][] weights) {
        if (weights.length != batch.size()) {
            throw GramianException.usage(weights.length + " weight rows for " + batch.size()
                    + " sequences; give one row per sequence");
        }
        ParameterSet gradient = parameters.zerosLike();
        try (DecoderGraph.Feed feed = graph.feed(parameters)) {
            for (int[] piece : pieces(batch, 1)) {
                addTokenWeighted(feed, batch, weights, piece, gradient);
            }
        }
        return gradient;
    }

    private void addTokenWeighted(DecoderGraph.Feed feed, List<Sequence> batch, double[][] weights, int[] piece,
                                  ParameterSet gradient) {
        List<double[]> rows = new ArrayList<>();
        for (int i = piece[0]; i < piece[1]; i++) {
            if (weights[i].length != batch.get(i).responseLength()) {
                throw GramianException.usage("sequence " + i + ": " + weights[i].length + " token weights for "
                        + batch.get(i).responseLength() + " response tokens");
            }
            rows.add(weights[i]);
        }
        double[] flat = rows.stream().flatMapToDouble(Arrays::stream).toArray();
        graph.addTokenWeightedGradient(feed, ScoredBatch.of(batch.subList(piece[0], piece[1]), spec), flat, gradient);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The loss's ops and gradient are added to the graph on the first call with a given loss
     * instance and reused afterwards: create the loss once and pass the same instance.
     */
    @Override
    public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
        List<Sequence> chosen = batch.chosen();
        List<Sequence> rejected = batch.rejected();
        double[] refChosen = batch.refChosen();
        double[] refRejected = batch.refRejected();
        int b = requirePairs(chosen, rejected);
        List<Sequence> all = batch.sequences();
        if (overBudget(all, 2)) {
            return preferenceInTwoPhases(loss, all, b, refChosen, refRejected);
        }
        ParameterSet gradient = parameters.zerosLike();
        double[] lw = new double[b];
        double[] ll = new double[b];
        int[] nw = new int[b];
        int[] nl = new int[b];
        double total = 0;
        List<int[]> pieces = pieces(all, 2);
        long seed = nextSeeds(all);
        try (DecoderGraph.Feed feed = graph.feed(parameters)) {
            for (int p = 0; p < pieces.size(); p++) {
                int from = pieces.get(p)[0];
                int to = pieces.get(p)[1];
                int k = to - from;
                List<Sequence> part = concat(chosen.subList(from, to), rejected.subList(from, to));
                ScoredBatch tokens = ScoredBatch.of(part, spec);
                double[] reference = new double[2 * k];
                System.arraycopy(refChosen, from, reference, 0, k);
                System.arraycopy(refRejected, from, reference, k, k);
                double[] counts = Arrays.stream(tokens.counts()).asDoubleStream().toArray();
                DecoderGraph.PreferenceRun run = graph.addPreference(loss, feed, tokens, reference, counts,
                        (double) k / b, seed + p, gradient);
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
     * The preference step for pairs too large to run whole: every log-probability first, then the
     * loss and its derivatives per pair on doubles ({@link MarginLoss#evaluate}), then one weighted
     * gradient with the same pieces and dropout seeds, so the same masks as the first phase.
     */
    private PreferenceStep preferenceInTwoPhases(MarginLoss loss, List<Sequence> all, int b, double[] refChosen,
                                                 double[] refRejected) {
        long seed = nextSeeds(all);
        SequenceScores scores = score(all, DecoderGraph.Adapter.TRAINING, seed);
        double total = 0;
        double[] weights = new double[2 * b];
        for (int i = 0; i < b; i++) {
            var evaluation = loss.evaluate(new dev.gramian.api.objective.PairScores(scores.logp()[i],
                    scores.logp()[b + i], refChosen[i], refRejected[i], scores.counts()[i], scores.counts()[b + i]));
            total += evaluation.loss() / b;
            weights[i] = evaluation.dLogpChosen() / b;
            weights[b + i] = evaluation.dLogpRejected() / b;
        }
        ParameterSet gradient = parameters.zerosLike();
        weightedGradient(all, weights, DecoderGraph.Adapter.TRAINING, seed, gradient);
        return new PreferenceStep(total, gradient, Arrays.copyOfRange(scores.logp(), 0, b),
                Arrays.copyOfRange(scores.logp(), b, 2 * b), Arrays.copyOfRange(scores.counts(), 0, b),
                Arrays.copyOfRange(scores.counts(), b, 2 * b));
    }

    @Override
    public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
        int b = requirePairs(chosen, rejected);
        List<Sequence> all = concat(chosen, rejected);
        if (full) {
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

    static int requirePairs(List<Sequence> chosen, List<Sequence> rejected) {
        if (chosen.size() != rejected.size() || chosen.isEmpty()) {
            throw GramianException.usage(chosen.size() + " chosen and " + rejected.size()
                    + " rejected sequences; give the same positive number of each");
        }
        return chosen.size();
    }

    static List<Sequence> concat(List<Sequence> a, List<Sequence> b) {
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
