package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.objectives.margin.align.AlignmentTrainerTest.PlainSgd;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.data.PreferenceEncoder;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.objectives.margin.loss.AotLoss;
import dev.gramian.objectives.margin.mitigation.GradientRule;
import dev.gramian.objectives.margin.mitigation.PairwiseNormalizedRule;
import dev.gramian.tokenizers.ByteTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TRL's training options on the unigram model, where every token's log-probability is
 * {@code log softmax(θ)[token]} and every gradient can be written down: each option's first step
 * against the formula, and a resumed run with each against an uninterrupted one.
 */
class AlignmentOptionsTest {
    private static final int VOCABULARY = 259;
    private static final double BETA = 0.5;
    private static final double RATE = 0.5;

    /** DPO with β = 0.5, written independently of the objectives package. */
    private static final MarginLoss DPO = AlignmentTrainerTest.DPO;

    private record Log(List<Long> steps, List<Map<String, Double>> rows) implements TrainingListener {
        Log() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void onMetrics(long step, Map<String, Double> metrics) {
            steps.add(step);
            rows.add(new LinkedHashMap<>(metrics));
        }

        @Override
        public void onCheckpoint(long step) {
        }

        Map<String, Double> at(long step) {
            return rows.get(steps.indexOf(step));
        }
    }

    /** Pairs whose responses differ in length: "xyz" against "w", in turn as chosen and rejected. */
    private static List<EncodedPair> pairs(int n) {
        List<PreferencePair> text = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text.add(i % 2 == 0 ? new PreferencePair("q" + i + ":", "xyz", "w")
                    : new PreferencePair("q" + i + ":", "v", "uts"));
        }
        return new PreferenceEncoder(new ByteTokenizer(), 16, TruncationPolicy.ERROR).encodeAll(text, "test").pairs();
    }

    /** A unigram model away from the uniform start, so that WPO's weights differ from 1. */
    private static UnigramLanguageModel model() {
        UnigramLanguageModel model = new UnigramLanguageModel(VOCABULARY);
        double[] theta = model.parameters().values("logits");
        for (int v = 0; v < VOCABULARY; v++) {
            theta[v] = 0.01 * ((v * 37) % 101) - 0.3;
        }
        return model;
    }

    private static AlignmentTrainer.Config config(long steps) {
        return new AlignmentTrainer.Config(2, steps,
                new LearningRateSchedule(RATE, LearningRateSchedule.Shape.CONSTANT, 0, steps), 1, 1000, 0, 5);
    }

    private static AlignmentTrainer trainer(UnigramLanguageModel model, long steps, AlignmentOptions options,
                                            SyncedReference synced) {
        return new AlignmentTrainer(model, DPO, new GradientRule(), new PlainSgd(), config(steps),
                AlignmentTrainer.StepObserver.NONE, options, synced);
    }

    /** Runs one step of {@code options} from {@link #model()} on the first batch; returns θ after it and the log. */
    private static Log oneStep(AlignmentOptions options, UnigramLanguageModel model, List<EncodedPair> train) {
        ReferenceScores ref = ReferenceScores.of(model, train, 8, options);
        Log log = new Log();
        trainer(model, 1, options, null).run(0, train, ref, List.of(), ReferenceScores.zeros(0), log);
        return log;
    }

    // ------------------------------------------------------------------ the formulas by hand

    private static double[] logSoftmax(double[] theta) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double sum = 0;
        for (double t : theta) {
            sum += Math.exp(t - max);
        }
        double[] out = new double[theta.length];
        for (int v = 0; v < theta.length; v++) {
            out[v] = theta[v] - max - Math.log(sum);
        }
        return out;
    }

    private static int[] response(Sequence s) {
        return java.util.Arrays.copyOfRange(s.tokens(), s.responseStart(), s.length());
    }

    /** Adds {@code scale · Σ_j w_j ∇log p(y_j)} to {@code into}: {@code ∇log p(y) = e_y − p}. */
    private static void addGradient(double[] into, int[] tokens, double[] w, double[] logp, double scale) {
        for (int j = 0; j < tokens.length; j++) {
            into[tokens[j]] += scale * w[j];
            for (int v = 0; v < logp.length; v++) {
                into[v] -= scale * w[j] * Math.exp(logp[v]);
            }
        }
    }

    private static double[] weights(int length, int partner, double alpha) {
        double[] w = new double[length];
        for (int j = 0; j < length; j++) {
            w[j] = j < partner ? 1 : alpha;
        }
        return w;
    }

    /**
     * θ after one SGD step of DPO from the reference (h = 0, so each pair's loss is log 2 and its
     * derivatives are ∓β/2) on {@code batch}, each pair weighted by {@code pairWeight} and each token
     * by LD-DPO's α.
     */
    private static double[] expectedStep(double[] theta, List<EncodedPair> batch, double alpha,
                                         Function<EncodedPair, Double> pairWeight) {
        double[] logp = logSoftmax(theta);
        double[] gradient = new double[theta.length];
        for (EncodedPair pair : batch) {
            int[] w = response(pair.chosen());
            int[] l = response(pair.rejected());
            double c = pairWeight.apply(pair);
            addGradient(gradient, w, weights(w.length, l.length, alpha), logp, c * -BETA / 2 / batch.size());
            addGradient(gradient, l, weights(l.length, w.length, alpha), logp, c * BETA / 2 / batch.size());
        }
        double[] after = theta.clone();
        for (int v = 0; v < after.length; v++) {
            after[v] -= RATE * gradient[v];
        }
        return after;
    }

    private static List<EncodedPair> firstBatch(List<EncodedPair> train) {
        int[] indices = new BatchOrder(train.size(), 2, 5).batch(0);
        return List.of(train.get(indices[0]), train.get(indices[1]));
    }

    // ------------------------------------------------------------------ LD-DPO

    @Test
    void ldDpoSumsTheSharedLengthPlusAlphaTimesTheTail() {
        AlignmentOptions ld = AlignmentOptions.NONE.withLdAlpha(0.5);
        assertEquals(-1 + 0.5 * (-2 - 3), ld.sequenceLogp(new double[]{-1, -2, -3}, 1), 1e-15);
        assertEquals(-1 - 2, ld.sequenceLogp(new double[]{-1, -2}, 4), 1e-15, "the shorter response keeps all");
        assertArrayEquals(new double[]{1, 1, 0.5, 0.5}, ld.tokenWeights(4, 2));
        assertEquals(-6, AlignmentOptions.NONE.sequenceLogp(new double[]{-1, -2, -3}, 1), 1e-15);
    }

    @Test
    void ldDpoWeighsTheLongerResponsesTailInTheStepAndTheLoggedLogProbabilities() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel model = model();
        double[] theta = model.parameters().values("logits").clone();
        Log log = oneStep(AlignmentOptions.NONE.withLdAlpha(0.25), model, train);

        List<EncodedPair> batch = firstBatch(train);
        assertArrayEquals(expectedStep(theta, batch, 0.25, pair -> 1.0), model.parameters().values("logits"), 1e-12);
        double[] logp = logSoftmax(theta);
        double chosen = 0;
        for (EncodedPair pair : batch) {
            int[] w = response(pair.chosen());
            int[] l = response(pair.rejected());
            double[] weights = weights(w.length, l.length, 0.25);
            for (int j = 0; j < w.length; j++) {
                chosen += weights[j] * logp[w[j]] / batch.size();
            }
        }
        Map<String, Double> row = log.at(1);
        assertEquals(chosen, row.get("logps/chosen"), 1e-12, "TRL logs the LD-DPO log-probabilities");
        assertEquals(Math.log(2), row.get("loss"), 1e-12);
        assertEquals(0.0, row.get("rewards/margins"), 1e-12, "the reference is LD-weighted alike");
    }

    @Test
    void ldDpoWithAlphaOneIsPlainDpo() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel ld = model();
        UnigramLanguageModel plain = model();
        ReferenceScores ref = ReferenceScores.of(plain, train, 8);
        trainer(ld, 4, AlignmentOptions.NONE.withLdAlpha(1), null).run(0, train,
                ReferenceScores.of(ld, train, 8, AlignmentOptions.NONE.withLdAlpha(1)), List.of(),
                ReferenceScores.zeros(0), new Log());
        trainer(plain, 4, AlignmentOptions.NONE, null).run(0, train, ref, List.of(), ReferenceScores.zeros(0),
                new Log());
        assertArrayEquals(plain.parameters().values("logits"), ld.parameters().values("logits"), 1e-12);
    }

    // ------------------------------------------------------------------ WPO

    /** ω(y) = exp(mean_j(log p(y_j) − log Σ_v p_v²)) under the unigram distribution. */
    private static double omega(double[] logp, int[] tokens) {
        double squares = 0;
        for (double lp : logp) {
            squares += Math.exp(2 * lp);
        }
        double sum = 0;
        for (int token : tokens) {
            sum += logp[token] - Math.log(squares);
        }
        return Math.exp(sum / tokens.length);
    }

    @Test
    void wpoWeighsEachPairsLossByThePolicysRenormalisedTokenProbabilities() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel model = model();
        double[] theta = model.parameters().values("logits").clone();
        Log log = oneStep(AlignmentOptions.NONE.withWeighting(true), model, train);

        double[] logp = logSoftmax(theta);
        Function<EncodedPair, Double> c = pair -> Math.min(1, omega(logp, response(pair.chosen()))
                * omega(logp, response(pair.rejected())));
        List<EncodedPair> batch = firstBatch(train);
        double meanWeight = (c.apply(batch.get(0)) + c.apply(batch.get(1))) / 2;
        assertNotEquals(1.0, meanWeight, 0.01, "the test needs weights away from 1");
        assertEquals(meanWeight * Math.log(2), log.at(1).get("loss"), 1e-12);
        assertArrayEquals(expectedStep(theta, batch, 1, c), model.parameters().values("logits"), 1e-12);
    }

    /**
     * ω(y) = exp(mean_j(log p(y_j) − log Σ_v p_v²)): a response of likely tokens (p = 0.9 where
     * Σ p² = 0.82) has ω above 1, and a pair of two such responses is clamped at 1, as TRL clamps it.
     */
    @Test
    void wpoPairWeightsAreClampedAtOne() {
        double[][] tokenLogp = {{Math.log(0.9), Math.log(0.9)}, {Math.log(0.9)}, {Math.log(0.1)}, {Math.log(0.2)}};
        double[][] logSumSquares = {{Math.log(0.82), Math.log(0.82)}, {Math.log(0.82)}, {Math.log(0.5)}, {Math.log(0.5)}};
        double[][] zeros = {{0, 0}, {0}, {0}, {0}};
        TokenStatistics stats = new TokenStatistics(new double[4], tokenLogp, zeros, zeros, logSumSquares);
        assertTrue(0.9 / 0.82 * 0.9 / 0.82 > 1);
        assertEquals(1.0, AlignmentOptions.wpoPairWeight(stats, 0, 1));
        assertEquals(0.1 / 0.5 * 0.2 / 0.5, AlignmentOptions.wpoPairWeight(stats, 2, 3), 1e-15);
        assertEquals(0.9 / 0.82 * 0.2 / 0.5, AlignmentOptions.wpoPairWeight(stats, 0, 3), 1e-15);
    }

    @Test
    void wpoAtTheUniformDistributionWeighsEveryPairOne() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel weighted = new UnigramLanguageModel(VOCABULARY);
        UnigramLanguageModel plain = new UnigramLanguageModel(VOCABULARY);
        oneStep(AlignmentOptions.NONE.withWeighting(true), weighted, train);
        oneStep(AlignmentOptions.NONE, plain, train);
        assertArrayEquals(plain.parameters().values("logits"), weighted.parameters().values("logits"), 1e-12);
    }

    @Test
    void wpoRefusesBatchLossesAndLdDpoOtherRules() {
        GramianException batch = assertThrows(GramianException.class,
                () -> new ReweightedGradientRule(AlignmentOptions.NONE.withWeighting(true), new AotLoss(0.1, 0, true)));
        assertTrue(batch.getMessage().contains("over the whole batch"), batch.getMessage());
        GramianException rule = assertThrows(GramianException.class, () -> new AlignmentTrainer(model(), DPO,
                new PairwiseNormalizedRule(true), new PlainSgd(), config(2), AlignmentTrainer.StepObserver.NONE,
                AlignmentOptions.NONE.withLdAlpha(0.5), null));
        assertTrue(rule.getMessage().contains("PairwiseNormalizedRule"), rule.getMessage());
        assertThrows(GramianException.class, () -> AlignmentOptions.NONE.withLdAlpha(1.5));
        assertThrows(GramianException.class, () -> AlignmentOptions.NONE.withReferenceSync(0.5, 0));
        assertThrows(GramianException.class, () -> AlignmentOptions.NONE.withMaxGradNorm(-1));
    }

    // ------------------------------------------------------------------ TR-DPO

    @Test
    void trDpoMovesTheReferenceTowardThePolicyAfterEveryKthStep() {
        List<EncodedPair> train = pairs(6);
        AlignmentOptions options = AlignmentOptions.NONE.withReferenceSync(0.25, 2);
        UnigramLanguageModel policy = model();
        UnigramLanguageModel reference = model();
        double[] start = reference.parameters().values("logits").clone();
        SyncedReference synced = new SyncedReference(reference, options, 8);
        Log log = new Log();
        trainer(policy, 1, options, synced).run(0, train, null, List.of(), null, log);
        assertArrayEquals(start, reference.parameters().values("logits"), "no sync after step 1 of k = 2");

        trainer(policy, 2, options, synced).run(1, train, null, List.of(), null, log);
        double[] theta2 = policy.parameters().values("logits");
        double[] mixed = new double[start.length];
        for (int v = 0; v < start.length; v++) {
            mixed[v] = start[v] + 0.25 * (theta2[v] - start[v]);
        }
        assertArrayEquals(mixed, reference.parameters().values("logits"), 1e-15);

        trainer(policy, 3, options, synced).run(2, train, null, List.of(), null, log);
        // step 3's rewards are measured against the mixed reference
        double[] mixedLogp = logSoftmax(mixed);
        int[] indices = new BatchOrder(train.size(), 2, 5).batch(2);
        double refChosen = 0;
        for (int index : indices) {
            for (int token : response(train.get(index).chosen())) {
                refChosen += mixedLogp[token] / indices.length;
            }
        }
        Map<String, Double> row = log.at(3);
        assertEquals(BETA * (row.get("logps/chosen") - refChosen), row.get("rewards/chosen"), 1e-12);
    }

    @Test
    void trDpoWithMixupZeroIsDpoWithAFixedReference() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel synced = model();
        UnigramLanguageModel fixed = model();
        ReferenceScores ref = ReferenceScores.of(fixed, train, 8);
        AlignmentOptions options = AlignmentOptions.NONE.withReferenceSync(0, 1);
        trainer(synced, 5, options, new SyncedReference(model(), options, 8)).run(0, train, null, List.of(), null,
                new Log());
        trainer(fixed, 5, AlignmentOptions.NONE, null).run(0, train, ref, List.of(), ReferenceScores.zeros(0),
                new Log());
        assertArrayEquals(fixed.parameters().values("logits"), synced.parameters().values("logits"));
    }

    // ------------------------------------------------------------------ clipping and TRL's metrics

    @Test
    void clippingScalesAGradientAboveTheNormAndLogsTheNormBeforeClipping() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel free = model();
        double[] theta = free.parameters().values("logits").clone();
        Log unclipped = oneStep(AlignmentOptions.NONE, free, train);
        double[] step = free.parameters().values("logits").clone();
        double norm = 0;
        for (int v = 0; v < step.length; v++) {
            step[v] = step[v] - theta[v];
            norm += step[v] * step[v];
        }
        norm = Math.sqrt(norm) / RATE;
        assertEquals(norm, unclipped.at(1).get("grad_norm"), 1e-12);

        UnigramLanguageModel clipped = model();
        Log log = oneStep(AlignmentOptions.NONE.withMaxGradNorm(norm / 4), clipped, train);
        assertEquals(norm, log.at(1).get("grad_norm"), 1e-12, "the norm before clipping, as TRL logs it");
        double scale = (norm / 4) / (norm + 1e-6);
        for (int v = 0; v < theta.length; v++) {
            assertEquals(theta[v] + scale * step[v], clipped.parameters().values("logits")[v], 1e-15);
        }

        UnigramLanguageModel loose = model();
        oneStep(AlignmentOptions.NONE.withMaxGradNorm(2 * norm), loose, train);
        assertArrayEquals(free.parameters().values("logits"), loose.parameters().values("logits"),
                "a norm under the limit is left alone");
    }

    @Test
    void trlMetricsCountTokensAndDescribeTheDistributions() {
        List<EncodedPair> train = pairs(6);
        UnigramLanguageModel model = model();
        double[] logp = logSoftmax(model.parameters().values("logits"));
        double entropy = 0;
        double meanLogit = 0;
        for (int v = 0; v < VOCABULARY; v++) {
            entropy -= Math.exp(logp[v]) * logp[v];
            meanLogit += model.parameters().values("logits")[v] / VOCABULARY;
        }
        Log log = new Log();
        trainer(model, 4, AlignmentOptions.NONE, null).run(0, train, ReferenceScores.of(model, train, 8), List.of(),
                ReferenceScores.zeros(0), log);
        BatchOrder order = new BatchOrder(train.size(), 2, 5);
        long tokens = 0;
        for (long step = 0; step < 4; step++) {
            for (int index : order.batch(step)) {
                tokens += train.get(index).chosen().length() + train.get(index).rejected().length();
            }
            assertEquals((double) tokens, log.at(step + 1).get("num_tokens"), "cumulative, prompts included");
        }
        assertEquals(entropy, log.at(1).get("entropy"), 1e-12, "at the parameters before step 1");
        assertEquals(meanLogit, log.at(1).get("logits/chosen"), 1e-12);
        assertEquals(meanLogit, log.at(1).get("logits/rejected"), 1e-12);
    }

    // ------------------------------------------------------------------ resuming

    /**
     * Trains 9 steps straight, and 4 steps then 5 more from a "checkpoint" (parameters, optimiser
     * state and, for TR-DPO, the reference's state copied into fresh objects); both must agree
     * exactly, in the parameters and in every row logged after the checkpoint.
     */
    private static void assertResumesExactly(AlignmentOptions options) {
        List<EncodedPair> train = pairs(7);
        List<EncodedPair> eval = pairs(3);
        UnigramLanguageModel straight = model();
        Log straightLog = new Log();
        run(straight, options, 0, 9, new PlainSgd(), null, train, eval, straightLog);

        UnigramLanguageModel first = model();
        PlainSgd firstOptimizer = new PlainSgd();
        SyncedReference firstReference = synced(options, null);
        run(first, options, 0, 4, firstOptimizer, firstReference, train, eval, new Log());

        UnigramLanguageModel resumed = model();
        resumed.parameters().values("logits")[0] += 1;  // the start must not matter: the checkpoint wins
        resumed.parameters().copyFrom(first.parameters().copy());
        PlainSgd optimizer = new PlainSgd();
        optimizer.restore(firstOptimizer.state());
        SyncedReference reference = synced(options, firstReference == null ? null : firstReference.state());
        Log resumedLog = new Log();
        run(resumed, options, 4, 9, optimizer, reference, train, eval, resumedLog);

        assertArrayEquals(straight.parameters().values("logits"), resumed.parameters().values("logits"));
        for (long step = 5; step <= 9; step++) {
            assertEquals(straightLog.at(step), resumedLog.at(step), "step " + step);
        }
    }

    private static SyncedReference synced(AlignmentOptions options, OptimizerState saved) {
        if (options.referenceSync().isEmpty()) {
            return null;
        }
        SyncedReference reference = new SyncedReference(model(), options, 8);
        if (saved != null) {
            reference.restore(saved);
        }
        return reference;
    }

    private static void run(UnigramLanguageModel model, AlignmentOptions options, long start, long steps,
                            Optimizer optimizer, SyncedReference reference, List<EncodedPair> train, List<EncodedPair> eval,
                            Log log) {
        SyncedReference synced = reference != null || options.referenceSync().isEmpty() ? reference
                : synced(options, null);
        // the fixed reference is the policy's start, scored once (as the run directory caches it)
        UnigramLanguageModel start0 = model();
        ReferenceScores trainRef = ReferenceScores.of(start0, train, 8, options);
        ReferenceScores evalRef = ReferenceScores.of(start0, eval, 8, options);
        new AlignmentTrainer(model, DPO, new GradientRule(), optimizer, new AlignmentTrainer.Config(2, steps,
                new LearningRateSchedule(RATE, LearningRateSchedule.Shape.CONSTANT, 0, steps), 1, 3, 0, 5),
                AlignmentTrainer.StepObserver.NONE, options, synced).run(start, train, trainRef, eval, evalRef, log);
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneWithEachOption() {
        assertResumesExactly(AlignmentOptions.NONE);
        assertResumesExactly(AlignmentOptions.NONE.withLdAlpha(0.3));
        assertResumesExactly(AlignmentOptions.NONE.withWeighting(true));
        assertResumesExactly(AlignmentOptions.NONE.withReferenceSync(0.6, 3));
        assertResumesExactly(AlignmentOptions.NONE.withMaxGradNorm(0.05));
        assertResumesExactly(AlignmentOptions.NONE.withLdAlpha(0.5).withWeighting(true).withMaxGradNorm(0.05)
                .withReferenceSync(0.5, 2));
    }
}
