package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.ParameterFeed;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A causal language model as one graph over a dynamic batch {@code [N, T]}, whatever its
 * {@link Architecture}: the feeds (token ids, the S scored positions of each row, their targets and
 * mask, weights, reference log-probabilities and lengths), the response log-probabilities (a gather
 * from the log-softmax of the scored positions' logits, so every op has a C++ gradient and no
 * vocabulary-sized tensor covers every position), and the runs the model needs — scores, weighted
 * and per-token gradients, the in-graph margin loss, and the fast Gram entries of
 * {@link GhostGram}. Gradient sub-graphs are added on first use and reused; every run goes through
 * a {@link SessionRun}, which closes what it fed.
 */
final class LanguageModelGraph<T extends TFloating> extends ModelGraph<T> {

    /** What one run of the sequence log-probabilities returns; token values {@code [N·S]}, padded rows 0. */
    record Scores(double[] sequenceLogp, double[] tokenLogp) {
    }

    /**
     * Per sequence its log-probability and per scored position (row-major {@code [N, S]}, padding
     * included): the target token's masked log-probability, the distribution's entropy, its mean
     * logit and {@code log Σ_v p_v²}.
     */
    record Statistics(double[] sequenceLogp, double[] tokenLogp, double[] entropy, double[] meanLogit,
                      double[] logSumSquares) {
    }

    /** What a preference run returns besides the gradient. */
    record PreferenceRun(double loss, double[] sequenceLogp) {
    }

    /** What a pair-form Gram run along a direction returns. */
    record DirectedRun(double[] entries, double[] sequenceLogp, double[] slope) {
    }

    private final Architecture architecture;
    private final int vocabulary;
    private final Placeholder<TInt32> inputs;
    private final Placeholder<TInt32> scoredRows;
    private final Placeholder<TInt64> picked;
    private final Placeholder<T> mask;
    private final Placeholder<T> weights;
    private final Placeholder<T> referenceLogp;
    private final Placeholder<T> lengths;
    private final Placeholder<T> tokenWeights;
    private final Operand<TInt32> batchShape;
    private final Operand<TInt32> scoredShape;
    private final Operand<T> tokenLogp;
    private final Operand<T> sequenceLogp;
    private final Operand<T> logits;
    private final Operand<T> logSoftmax;
    private List<Operand<T>> statistics;
    private final GhostGram<T> gram;
    private List<Operand<T>> weightedGradients;
    private List<Operand<T>> tokenGradients;
    private final Map<MarginLoss, MeanPairLoss<T>> preference = new IdentityHashMap<>();

    /**
     * @param layout       the parameters, in the layout {@code architecture} reads
     * @param vocabulary   the number of token ids (the logits' width)
     * @param architecture the network; closed with this graph
     */
    LanguageModelGraph(ParameterSet layout, int vocabulary, SessionSettings settings, Architecture architecture) {
        super(settings);
        this.architecture = architecture;
        this.vocabulary = vocabulary;
        declareParameters(layout);
        inputs = tf.withName("inputs").placeholder(TInt32.class);
        scoredRows = tf.withName("scored_rows").placeholder(TInt32.class);
        picked = tf.withName("picked").placeholder(TInt64.class);
        mask = tf.withName("mask").placeholder(type);
        weights = tf.withName("weights").placeholder(type);
        referenceLogp = tf.withName("reference_logp").placeholder(type);
        lengths = tf.withName("lengths").placeholder(type);
        tokenWeights = tf.withName("token_weights").placeholder(type);
        batchShape = tf.shape(inputs);
        scoredShape = tf.shape(mask);

        Architecture.Network<T> network = architecture.build(this, new Architecture.Inputs(inputs, batchShape,
                scoredRows));
        logits = network.logits();
        logSoftmax = tf.nn.logSoftmax(logits);
        tokenLogp = tf.math.mul(tf.reshape(tf.gather(tf.reshape(logSoftmax, tf.constant(new int[]{-1})), picked,
                tf.constant(0)), scoredShape), mask);
        sequenceLogp = tf.sum(tokenLogp, tf.constant(1));
        gram = new GhostGram<>(this, network.tape());
    }

    // ------------------------------------------------------------ what the Gram algebra reads

    Placeholder<TInt32> inputs() {
        return inputs;
    }

    /** {@code [N, T]}. */
    Operand<TInt32> batchShape() {
        return batchShape;
    }

    /** {@code [N, S]}, the scored positions' layout. */
    Operand<TInt32> scoredShape() {
        return scoredShape;
    }

    /** {@code [N, S]}: each scored position's target-token log-probability, 0 on padding. */
    Operand<T> tokenLogp() {
        return tokenLogp;
    }

    /**
     * {@code [N, S]}: the weight of each scored token in {@code Σ_j u_ij·log π(y_ij)}, the seed of the
     * Gram path's backward pass (ones for the plain summed log-probability).
     */
    Operand<T> tokenWeights() {
        return tokenWeights;
    }

    // ------------------------------------------------------------ runs

    /** A run with the call's parameters (owned by the caller), the network's own inputs and the batch fed. */
    private SessionRun feedBatch(ParameterFeed parameters, TokenBatch batch, Evaluation evaluation) {
        SessionRun run = newRun(parameters);
        try {
            architecture.feed(run, evaluation);
            return run.feedInts(inputs, batch.shape(), batch.inputs())
                    .feedInts(scoredRows, new int[]{batch.scoredRows().length}, batch.scoredRows())
                    .feed(picked, TInt64.tensorOf(Shape.of(batch.scoredRows().length),
                            DataBuffers.of(batch.pickedIndices(vocabulary), true, false)))
                    .feed(mask, batch.scoredShape(), batch.mask());
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    Scores score(ParameterFeed parameters, TokenBatch batch, Evaluation evaluation) {
        try (SessionRun run = feedBatch(parameters, batch, evaluation).fetch(sequenceLogp).fetch(tokenLogp);
             Result r = run.run()) {
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        }
    }

    /** The next-token distributions' statistics at the scored positions, from one forward pass. */
    Statistics statistics(ParameterFeed parameters, TokenBatch batch) {
        if (statistics == null) {
            Operand<TInt32> vocabularyAxis = tf.constant(1);
            Operand<T> entropy = tf.math.neg(tf.sum(tf.math.mul(tf.math.exp(logSoftmax), logSoftmax), vocabularyAxis));
            Operand<T> meanLogit = tf.math.mean(logits, vocabularyAxis);
            // Σ_v p_v² >= 1/V², so its logarithm needs no shift even in float32
            Operand<T> logSumSquares = tf.math.log(tf.sum(tf.math.exp(tf.math.mul(logSoftmax, constant(2))),
                    vocabularyAxis));
            statistics = List.of(tf.reshape(entropy, scoredShape), tf.reshape(meanLogit, scoredShape),
                    tf.reshape(logSumSquares, scoredShape));
        }
        try (SessionRun run = feedBatch(parameters, batch, Evaluation.PLAIN).fetch(sequenceLogp).fetch(tokenLogp)
                .fetchAll(statistics);
             Result r = run.run()) {
            return new Statistics(doubles(r.get(0)), doubles(r.get(1)), doubles(r.get(2)), doubles(r.get(3)),
                    doubles(r.get(4)));
        }
    }

    /**
     * Adds the gradient of {@code Σ_i w_i·logp_i} to {@code into} and returns the log-probabilities,
     * from one forward and backward pass.
     */
    Scores addWeightedGradient(ParameterFeed parameters, TokenBatch batch, double[] w, Evaluation evaluation,
                               ParameterSet into) {
        try (PendingGradient gradient = weightedGradient(parameters, batch, w, evaluation)) {
            gradient.addTo(into, 1);
            return gradient.scores();
        }
    }

    /**
     * The gradient of {@code Σ_i w_i·logp_i} and the log-probabilities from one forward and backward
     * pass, the gradient left in TensorFlow's memory until the caller adds it (scaled) and closes it.
     */
    PendingGradient weightedGradient(ParameterFeed parameters, TokenBatch batch, double[] w, Evaluation evaluation) {
        if (weightedGradients == null) {
            weightedGradients = parameterGradients(sequenceLogp, weights);
        }
        try (SessionRun run = feedBatch(parameters, batch, evaluation).feed(weights, w).fetch(sequenceLogp)
                .fetch(tokenLogp).fetchAll(weightedGradients)) {
            Result r = run.run();
            try {
                return new PendingGradient(r, new Scores(doubles(r.get(0)), doubles(r.get(1))));
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }
    }

    /** A run's parameter gradients still in TensorFlow's memory, with the run's log-probabilities. */
    static final class PendingGradient implements AutoCloseable {
        private final Result result;
        private final Scores scores;

        private PendingGradient(Result result, Scores scores) {
            this.result = result;
            this.scores = scores;
        }

        Scores scores() {
            return scores;
        }

        /** Adds {@code scale ×} the gradient to {@code into}. */
        void addTo(ParameterSet into, double scale) {
            addInto(result, 2, into, scale);
        }

        @Override
        public void close() {
            result.close();
        }
    }

    /**
     * Adds the gradient of {@code Σ seed ⊙ tokenLogp} over the batch (one backward pass) to
     * {@code into}, {@code seed} laid out like the scored positions, rows × S.
     */
    void addTokenWeightedGradient(ParameterFeed parameters, TokenBatch batch, double[] seed, ParameterSet into) {
        if (tokenGradients == null) {
            tokenGradients = parameterGradients(tokenLogp, tokenWeights);
        }
        try (SessionRun run = feedBatch(parameters, batch, Evaluation.PLAIN)
                .feed(tokenWeights, batch.scoredShape(), seed).fetchAll(tokenGradients);
             Result r = run.run()) {
            addInto(r, 0, into, 1);
        }
    }

    /**
     * The mean of {@code loss} over B pairs, whose gradient times {@code share} is added to
     * {@code into}; {@code batch} holds the chosen sequences then the rejected ones,
     * {@code reference} and {@code counts} likewise (2B values each).
     */
    PreferenceRun addPreference(MarginLoss loss, ParameterFeed parameters, TokenBatch batch, double[] reference,
                                double[] counts, double share, Evaluation evaluation, ParameterSet into) {
        MeanPairLoss<T> ops = preference.computeIfAbsent(loss,
                l -> meanPairLoss(l, sequenceLogp, referenceLogp, lengths));
        try (SessionRun run = feedBatch(parameters, batch, evaluation).feed(referenceLogp, reference)
                .feed(lengths, counts).fetch(ops.loss()).fetch(sequenceLogp).fetchAll(ops.gradients());
             Result r = run.run()) {
            addInto(r, 2, into, share);
            return new PreferenceRun(doubles(r.get(0))[0], doubles(r.get(1)));
        }
    }

    /**
     * Gram entries of the per-sequence gradients from one batched backward pass: with
     * {@code full == false}, {@code [‖g_i‖² for i < 2B, ⟨g_i, g_{B+i}⟩ for i < B]}; with
     * {@code full}, the 2B×2B matrix row-major.
     */
    double[] fastGram(ParameterFeed parameters, TokenBatch batch, boolean full, LinearTerm policy) {
        GhostGram.GramOps<T> ops = gram.ops(full);
        boolean[] ghost = gram.ghostLayers(batch.rows(), batch.positions(), batch.scoredPositions(), full, policy);
        try (SessionRun run = feedBatch(parameters, batch, Evaluation.PLAIN).feed(tokenWeights, batch.scoredShape(),
                batch.mask())) {
            fetchSum(run, ops.base(), ops.ghost(), ops.materialised(), ghost);
            try (Result r = run.run()) {
                return sum(r, 0, gram.terms());
            }
        }
    }

    /**
     * The pair-form Gram entries of {@link #fastGram}, each sequence's log-probability, and each
     * sequence's slope {@code ⟨∇θ logp_i, direction⟩}, all from the same forward and backward pass:
     * the Jacobian-vector product assembled layer by layer by {@link GhostGram}. With a {@code seed}
     * (rows × S, laid out like the scored positions) every entry is that of the token-weighted
     * log-probabilities {@code Σ_j seed_ij·log π(y_ij)} and the run returns the per-token
     * log-probabilities ({@code [N, S]}) in place of the sums; with none, of the plain sums.
     */
    DirectedRun fastGramAlong(ParameterFeed parameters, TokenBatch batch, ParameterSet direction,
                              LinearTerm policy, double[] seed) {
        GhostGram.GramOps<T> ops = gram.ops(false);
        boolean[] ghost = gram.ghostLayers(batch.rows(), batch.positions(), batch.scoredPositions(), false, policy);
        try (SessionRun run = feedBatch(parameters, batch, Evaluation.PLAIN).feed(tokenWeights, batch.scoredShape(),
                seed != null ? seed : batch.mask())) {
            feedDirection(run, direction);
            fetchSum(run, ops.base(), ops.ghost(), ops.materialised(), ghost);
            fetchSum(run, ops.slopes().base(), ops.slopes().ghost(), ops.slopes().materialised(), ghost);
            run.fetch(seed != null ? tokenLogp : sequenceLogp);
            int terms = gram.terms();
            try (Result r = run.run()) {
                return new DirectedRun(sum(r, 0, terms), doubles(r.get(2 * terms)), sum(r, terms, terms));
            }
        }
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

    /** Closes the session, the graph and what the architecture holds. */
    @Override
    public void close() {
        try {
            architecture.close();
        } finally {
            super.close();
        }
    }
}
