package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A causal language model as one graph over a dynamic batch {@code [N, T]}, whatever its
 * {@link Architecture}: the feeds (token ids, targets, response mask, weights, reference
 * log-probabilities and lengths), the masked response log-probabilities (a one-hot contraction of
 * LogSoftmax, so every op has a C++ gradient), and the runs the model needs — scores, weighted and
 * per-token gradients, the in-graph margin loss, and the fast Gram entries of {@link GhostGram}.
 * Gradient sub-graphs are added on first use and reused; every run goes through a
 * {@link SessionRun}, which closes what it fed.
 */
final class LanguageModelGraph<T extends TFloating> extends ModelGraph<T> {

    /** What one run of the sequence log-probabilities returns. */
    record Scores(double[] sequenceLogp, double[] tokenLogp) {
    }

    /**
     * Per sequence its log-probability and per position (row-major [N, T], every position, prompt
     * and padding included): the target
     * token's masked log-probability, the distribution's entropy, its mean logit and
     * {@code log Σ_v p_v²}.
     */
    record Statistics(double[] sequenceLogp, double[] tokenLogp, double[] entropy, double[] meanLogit, double[] logSumSquares) {
    }

    /** What a preference run returns besides the gradient. */
    record PreferenceRun(double loss, double[] sequenceLogp) {
    }

    /** What a pair-form Gram run along a direction returns. */
    record DirectedRun(double[] entries, double[] sequenceLogp, double[] slope) {
    }

    private final Placeholder<TInt32> inputs;
    private final Placeholder<TInt32> targets;
    private final Placeholder<T> mask;
    private final Placeholder<T> weights;
    private final Placeholder<T> referenceLogp;
    private final Placeholder<T> lengths;
    private final Placeholder<T> tokenWeights;
    private final Operand<TInt32> batchShape;
    private final Operand<T> tokenLogp;
    private final Operand<T> sequenceLogp;
    private final Operand<T> logits;
    private final Operand<T> logSoftmax;
    private List<Operand<T>> statistics;
    private final GhostGram<T> gram;
    private List<Operand<T>> weightedGradients;
    private List<Operand<T>> tokenGradients;
    private final Map<MarginLoss, MeanPairLoss<T>> preference = new IdentityHashMap<>();

    LanguageModelGraph(LanguageModelConfig config, ParameterSet layout, SessionSettings settings,
                       Architecture architecture) {
        super(settings);
        declareParameters(layout);
        inputs = tf.withName("inputs").placeholder(TInt32.class);
        targets = tf.withName("targets").placeholder(TInt32.class);
        mask = tf.withName("mask").placeholder(type);
        weights = tf.withName("weights").placeholder(type);
        referenceLogp = tf.withName("reference_logp").placeholder(type);
        lengths = tf.withName("lengths").placeholder(type);
        tokenWeights = tf.withName("token_weights").placeholder(type);
        batchShape = tf.shape(inputs);

        Architecture.Network<T> network = architecture.build(this, config, inputs, batchShape);
        logits = network.logits();
        logSoftmax = tf.nn.logSoftmax(logits);
        Operand<TInt32> flatTargets = tf.reshape(targets, tf.constant(new int[]{-1}));
        Operand<T> oneHot = tf.oneHot(flatTargets, tf.constant(config.vocabularySize()), constant(1), constant(0));
        Operand<T> picked = tf.sum(tf.math.mul(logSoftmax, oneHot), tf.constant(1));
        tokenLogp = tf.math.mul(tf.reshape(picked, batchShape), mask);
        sequenceLogp = tf.sum(tokenLogp, tf.constant(1));
        gram = new GhostGram<>(this, network.tape());
    }

    // ------------------------------------------------------------ what the Gram algebra reads

    Placeholder<TInt32> inputs() {
        return inputs;
    }

    Operand<TInt32> batchShape() {
        return batchShape;
    }

    Operand<T> sequenceLogp() {
        return sequenceLogp;
    }

    /** The per-sequence weights of {@code Σ_i w_i·logp_i}, the seed of every backward pass. */
    Operand<T> weights() {
        return weights;
    }

    // ------------------------------------------------------------ runs

    /** A run with the parameters and the batch's ids, targets and mask fed. */
    private SessionRun feedBatch(ParameterSet parameters, TokenBatch batch) {
        return newRun(parameters).feedInts(inputs, batch.shape(), batch.inputs())
                .feedInts(targets, batch.shape(), batch.targets()).feed(mask, batch.shape(), batch.mask());
    }

    Scores score(ParameterSet parameters, TokenBatch batch) {
        try (SessionRun run = feedBatch(parameters, batch).fetch(sequenceLogp).fetch(tokenLogp);
             Result r = run.run()) {
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        }
    }

    /** The next-token distributions' statistics at every position, from one forward pass. */
    Statistics statistics(ParameterSet parameters, TokenBatch batch) {
        if (statistics == null) {
            Operand<TInt32> vocabularyAxis = tf.constant(1);
            Operand<T> entropy = tf.math.neg(tf.sum(tf.math.mul(tf.math.exp(logSoftmax), logSoftmax), vocabularyAxis));
            Operand<T> meanLogit = tf.math.mean(logits, vocabularyAxis);
            // Σ_v p_v² >= 1/V², so its logarithm needs no shift even in float32
            Operand<T> logSumSquares = tf.math.log(tf.sum(tf.math.exp(tf.math.mul(logSoftmax, constant(2))),
                    vocabularyAxis));
            statistics = List.of(tf.reshape(entropy, batchShape), tf.reshape(meanLogit, batchShape),
                    tf.reshape(logSumSquares, batchShape));
        }
        try (SessionRun run = feedBatch(parameters, batch).fetch(sequenceLogp).fetch(tokenLogp).fetchAll(statistics);
             Result r = run.run()) {
            return new Statistics(doubles(r.get(0)), doubles(r.get(1)), doubles(r.get(2)), doubles(r.get(3)),
                    doubles(r.get(4)));
        }
    }

    /** The gradient of {@code Σ_i w_i·logp_i} and the log-probabilities, in one forward and backward pass. */
    Scores weightedGradient(ParameterSet parameters, TokenBatch batch, double[] w, ParameterSet into) {
        if (weightedGradients == null) {
            weightedGradients = parameterGradients(sequenceLogp, weights);
        }
        try (SessionRun run = feedBatch(parameters, batch).feed(weights, w).fetch(sequenceLogp).fetch(tokenLogp)
                .fetchAll(weightedGradients);
             Result r = run.run()) {
            readInto(r, 2, into);
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        }
    }

    /** One sequence's gradient as float32/64 values flattened in layout order (the exact Gram path). */
    double[] flatGradient(ParameterSet parameters, TokenBatch single) {
        ParameterSet g = parameters.zerosLike();
        weightedGradient(parameters, single, new double[]{1}, g);
        return flat(g);
    }

    /**
     * The gradient of one token's log-probability, flattened in layout order: row 0 of
     * {@code single}, position {@code position} (the token at {@code position + 1}).
     */
    double[] flatTokenGradient(ParameterSet parameters, TokenBatch single, int position) {
        double[] seed = new double[single.rows() * single.positions()];
        seed[position] = 1;
        ParameterSet g = parameters.zerosLike();
        tokenWeightedGradient(parameters, single, seed, g);
        return flat(g);
    }

    private static double[] flat(ParameterSet g) {
        double[] flat = new double[Math.toIntExact(g.size())];
        int offset = 0;
        for (ParameterSet.Parameter p : g.parameters()) {
            System.arraycopy(p.values(), 0, flat, offset, p.values().length);
            offset += p.values().length;
        }
        return flat;
    }

    /**
     * The gradient of {@code Σ seed ⊙ tokenLogp} over the batch (one backward pass), {@code seed}
     * laid out like the batch, rows × positions.
     */
    void tokenWeightedGradient(ParameterSet parameters, TokenBatch batch, double[] seed, ParameterSet into) {
        if (tokenGradients == null) {
            tokenGradients = parameterGradients(tokenLogp, tokenWeights);
        }
        try (SessionRun run = feedBatch(parameters, batch).feed(tokenWeights, batch.shape(), seed)
                .fetchAll(tokenGradients);
             Result r = run.run()) {
            readInto(r, 0, into);
        }
    }

    /**
     * The mean of {@code loss} over B pairs; {@code batch} holds the chosen sequences then the
     * rejected ones, {@code reference} and {@code counts} likewise (2B values each).
     */
    PreferenceRun preference(MarginLoss loss, ParameterSet parameters, TokenBatch batch, double[] reference,
                             double[] counts, ParameterSet into) {
        MeanPairLoss<T> ops = preference.computeIfAbsent(loss,
                l -> meanPairLoss(l, sequenceLogp, referenceLogp, lengths));
        try (SessionRun run = feedBatch(parameters, batch).feed(referenceLogp, reference).feed(lengths, counts)
                .fetch(ops.loss()).fetch(sequenceLogp).fetchAll(ops.gradients());
             Result r = run.run()) {
            readInto(r, 2, into);
            return new PreferenceRun(doubles(r.get(0))[0], doubles(r.get(1)));
        }
    }

    /**
     * Gram entries of the per-sequence gradients from one batched backward pass: with
     * {@code full == false}, {@code [‖g_i‖² for i < 2B, ⟨g_i, g_{B+i}⟩ for i < B]}; with
     * {@code full}, the 2B×2B matrix row-major.
     */
    double[] fastGram(ParameterSet parameters, TokenBatch batch, boolean full, GhostGram.LinearTerm policy) {
        GhostGram.GramOps<T> ops = gram.ops(full);
        boolean[] ghost = gram.ghostLayers(batch.rows(), batch.positions(), full, policy);
        try (SessionRun run = feedBatch(parameters, batch).feed(weights, ones(batch))) {
            fetchSum(run, ops.base(), ops.ghost(), ops.materialised(), ghost);
            try (Result r = run.run()) {
                return sum(r, 0, gram.terms());
            }
        }
    }

    /**
     * The pair-form Gram entries of {@link #fastGram}, each sequence's log-probability, and each
     * sequence's slope {@code ⟨∇θ logp_i, direction⟩}, all from the same forward and backward pass:
     * the Jacobian-vector product assembled layer by layer by {@link GhostGram}.
     */
    DirectedRun fastGramAlong(ParameterSet parameters, TokenBatch batch, ParameterSet direction,
                              GhostGram.LinearTerm policy) {
        GhostGram.GramOps<T> ops = gram.ops(false);
        boolean[] ghost = gram.ghostLayers(batch.rows(), batch.positions(), false, policy);
        try (SessionRun run = feedBatch(parameters, batch).feed(weights, ones(batch))) {
            feedDirection(run, direction);
            fetchSum(run, ops.base(), ops.ghost(), ops.materialised(), ghost);
            fetchSum(run, ops.slopes().base(), ops.slopes().ghost(), ops.slopes().materialised(), ghost);
            run.fetch(sequenceLogp);
            int terms = gram.terms();
            try (Result r = run.run()) {
                return new DirectedRun(sum(r, 0, terms), doubles(r.get(2 * terms)), sum(r, terms, terms));
            }
        }
    }

    private static double[] ones(TokenBatch batch) {
        double[] ones = new double[batch.rows()];
        Arrays.fill(ones, 1);
        return ones;
    }

    /** Fetches {@code base} and, per linear layer, its ghost or materialised op. */
    private static <T extends TFloating> void fetchSum(SessionRun run, Operand<T> base, List<Operand<T>> ghost,
                                                       List<Operand<T>> materialised, boolean[] ghostLayers) {
        run.fetch(base);
        for (int i = 0; i < ghostLayers.length; i++) {
            run.fetch(ghostLayers[i] ? ghost.get(i) : materialised.get(i));
        }
    }

    /** The element-wise sum of results {@code first .. first + count − 1}. */
    private static double[] sum(Result r, int first, int count) {
        double[] total = doubles(r.get(first));
        for (int i = first + 1; i < first + count; i++) {
            double[] term = doubles(r.get(i));
            for (int j = 0; j < total.length; j++) {
                total[j] += term[j];
            }
        }
        return total;
    }
}
