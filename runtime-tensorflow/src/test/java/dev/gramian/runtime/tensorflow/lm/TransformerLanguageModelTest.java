package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.GramianException;
import dev.gramian.api.algebra.ScalarAlgebra;
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
import dev.gramian.api.objective.PairTerms;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.Precision;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("native")
class TransformerLanguageModelTest {
    static final LanguageModelConfig TINY = new LanguageModelConfig(11, 8, 2, 8, 2, 12);
    static final SessionSettings F64 = SessionSettings.defaults().withPrecision(Precision.FLOAT64);
    static TransformerLanguageModel model;

    static final List<Sequence> CHOSEN = List.of(
            new Sequence(new int[]{1, 2, 3, 4, 5, 6}, 2),
            new Sequence(new int[]{3, 3, 7, 1}, 1),
            new Sequence(new int[]{9, 8, 7, 6, 5, 4, 3, 2, 1}, 4));
    static final List<Sequence> REJECTED = List.of(
            new Sequence(new int[]{1, 2, 3, 4, 9}, 2),
            new Sequence(new int[]{3, 3, 7, 2, 2, 10, 0}, 1),
            new Sequence(new int[]{9, 8, 7, 6, 5, 5, 3, 2, 1}, 4));

    @BeforeAll
    static void create() {
        model = new TransformerLanguageModel(TINY, 42, F64);
        // Move away from the symmetric initialisation (zero biases, unit gains) so every term counts.
        SplittableRandom random = new SplittableRandom(1);
        for (ParameterSet.Parameter p : model.parameters().parameters()) {
            double[] v = p.values();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.3 * (random.nextDouble() - 0.5);
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void sameSeedSameParametersOtherSeedOthers() {
        ParameterSet a = TransformerInitializer.initialise(TINY, 5);
        assertEquals(a, TransformerInitializer.initialise(TINY, 5));
        assertNotEquals(a, TransformerInitializer.initialise(TINY, 6));
    }

    @Test
    void scoresAreNormalisedAndIndependentOfPadding() {
        SequenceScores alone = model.score(List.of(CHOSEN.get(1)));
        SequenceScores batched = model.score(CHOSEN);
        assertEquals(alone.logp()[0], batched.logp()[1], 1e-12);
        assertArrayEquals(new int[]{4, 3, 5}, batched.counts());
        assertEquals(3, batched.tokenLogp()[1].length);
        double sum = 0;
        for (double lp : batched.tokenLogp()[2]) {
            assertTrue(lp < 0);
            sum += lp;
        }
        assertEquals(batched.logp()[2], sum, 1e-12);
        // Probabilities of all next tokens after a fixed prefix sum to one.
        double total = 0;
        for (int next = 0; next < TINY.vocabularySize(); next++) {
            total += Math.exp(model.score(List.of(new Sequence(new int[]{4, 2, next}, 2))).logp()[0]);
        }
        assertEquals(1.0, total, 1e-10);
    }

    @Test
    void nextTokenGradientMatchesFiniteDifferences() {
        LossGradient lg = model.nextTokenLossAndGradient(CHOSEN);
        checkFiniteDifferences(lg.gradient(), () -> model.nextTokenLossAndGradient(CHOSEN).loss());
    }

    @Test
    void preferenceLossRunsInGraphWithTheDualNumberGradient() {
        MarginLoss loss = new SimpleMargin();
        double[] refW = {-9, -6, -12};
        double[] refL = {-7, -14, -11};
        PreferenceStep step = model.preferenceLossAndGradient(loss, new PairBatch(CHOSEN, REJECTED, refW, refL));
        double expectedLoss = 0;
        double[] weights = new double[6];
        for (int i = 0; i < 3; i++) {
            LossEvaluation e = loss.evaluate(new PairScores(step.logpChosen()[i], step.logpRejected()[i], refW[i],
                    refL[i], step.lenChosen()[i], step.lenRejected()[i]));
            expectedLoss += e.loss() / 3;
            weights[i] = e.dLogpChosen() / 3;
            weights[3 + i] = e.dLogpRejected() / 3;
        }
        assertEquals(expectedLoss, step.loss(), 1e-10);
        ParameterSet viaWeights = model.weightedLogProbGradient(
                List.of(CHOSEN.get(0), CHOSEN.get(1), CHOSEN.get(2), REJECTED.get(0), REJECTED.get(1), REJECTED.get(2)),
                weights);
        ParameterSet diff = step.gradient().copy();
        diff.addScaled(viaWeights, -1);
        assertTrue(diff.squaredNorm() < 1e-18 * Math.max(1, viaWeights.squaredNorm()), () -> "gradients differ by "
                + diff.squaredNorm());
        checkFiniteDifferences(step.gradient(),
                () -> model.preferenceLossAndGradient(loss, new PairBatch(CHOSEN, REJECTED, refW, refL)).loss());
    }

    @ParameterizedTest
    @EnumSource(LinearTerm.class)
    void fastGramEqualsExactGram(LinearTerm linearTerms) {
        PairGram exact = model.pairGram(CHOSEN, REJECTED, GramMethod.EXACT, true);
        PairGram fast = model.fastGram(CHOSEN, REJECTED, true, linearTerms);
        PairGram fastPairs = model.fastGram(CHOSEN, REJECTED, false, linearTerms);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double e = exact.fullGram()[i][j];
                double scale = Math.sqrt(exact.fullGram()[i][i] * exact.fullGram()[j][j]);
                assertEquals(e, fast.fullGram()[i][j], 1e-4 * Math.max(Math.abs(e), 1e-3 * scale), "entry " + i + "," + j);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(exact.chosenSqNorm()[i], fastPairs.chosenSqNorm()[i], 1e-4 * exact.chosenSqNorm()[i]);
            assertEquals(exact.rejectedSqNorm()[i], fastPairs.rejectedSqNorm()[i], 1e-4 * exact.rejectedSqNorm()[i]);
            assertEquals(exact.innerProduct()[i], fastPairs.innerProduct()[i], 1e-4 * Math.abs(exact.innerProduct()[i]));
        }
        PairGram viaInterface = model.pairGram(CHOSEN, REJECTED, GramMethod.FAST, false);
        assertEquals(exact.innerProduct()[1], viaInterface.innerProduct()[1], 1e-4 * Math.abs(exact.innerProduct()[1]));
        // The weighted gradient of one sequence has the exact path's squared norm.
        ParameterSet g = model.weightedLogProbGradient(List.of(CHOSEN.get(0)), new double[]{1});
        assertEquals(exact.chosenSqNorm()[0], g.squaredNorm(), 1e-9 * g.squaredNorm());
    }

    @ParameterizedTest
    @EnumSource(LinearTerm.class)
    void slopesAlongADirectionAreTheExactDirectionalDerivatives(LinearTerm linearTerms) {
        ParameterSet direction = randomDirection(new SplittableRandom(3));
        var directed = model.pairGramAlong(CHOSEN, REJECTED, direction, linearTerms);
        PairGram fast = model.fastGram(CHOSEN, REJECTED, false, linearTerms);
        double[] chosenLogp = model.score(CHOSEN).logp();
        double[] rejectedLogp = model.score(REJECTED).logp();
        for (int i = 0; i < 3; i++) {
            for (int side = 0; side < 2; side++) {
                Sequence s = (side == 0 ? CHOSEN : REJECTED).get(i);
                double exact = model.weightedLogProbGradient(List.of(s), new double[]{1}).dot(direction);
                double slope = (side == 0 ? directed.slopeChosen() : directed.slopeRejected())[i];
                assertEquals(exact, slope, 1e-9 * Math.max(1, Math.abs(exact)), "sequence " + i + " side " + side);
                // and a central difference along the direction agrees to second order
                double h = 1e-5;
                ParameterSet start = model.parameters().copy();
                model.parameters().addScaled(direction, h);
                double up = model.score(List.of(s)).logp()[0];
                model.parameters().addScaled(direction, -2 * h);
                double down = model.score(List.of(s)).logp()[0];
                model.parameters().copyFrom(start);
                assertEquals((up - down) / (2 * h), slope, 1e-5 * Math.max(1, Math.abs(slope)));
            }
            assertEquals(chosenLogp[i], directed.logpChosen()[i], 1e-12);
            assertEquals(rejectedLogp[i], directed.logpRejected()[i], 1e-12);
            assertEquals(fast.innerProduct()[i], directed.gram().innerProduct()[i],
                    1e-9 * Math.abs(fast.innerProduct()[i]));
            assertEquals(fast.chosenSqNorm()[i], directed.gram().chosenSqNorm()[i], 1e-9 * fast.chosenSqNorm()[i]);
        }
        var other = new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[]{1}, new double[]{1})));
        assertThrows(IllegalArgumentException.class, () -> model.pairGramAlong(CHOSEN, REJECTED, other));
    }

    @ParameterizedTest
    @EnumSource(LinearTerm.class)
    void tokenWeightedGramAndSlopesAreThoseOfTheWeightedGradients(LinearTerm linearTerms) {
        SplittableRandom random = new SplittableRandom(5);
        ParameterSet direction = randomDirection(random);
        // LD-DPO's shape of weights: 1 up to the partner's length, α = 0.3 past it; here arbitrary per token
        double[][] chosenWeights = new double[3][];
        double[][] rejectedWeights = new double[3][];
        for (int i = 0; i < 3; i++) {
            chosenWeights[i] = random.doubles(CHOSEN.get(i).responseLength(), -1, 2).toArray();
            rejectedWeights[i] = random.doubles(REJECTED.get(i).responseLength(), -1, 2).toArray();
        }
        var fast = model.tokenWeightedPairGramAlong(CHOSEN, REJECTED, chosenWeights, rejectedWeights, direction,
                linearTerms);
        double[][] chosenTokens = model.score(CHOSEN).tokenLogp();
        double[][] rejectedTokens = model.score(REJECTED).tokenLogp();
        for (int i = 0; i < 3; i++) {
            ParameterSet w = model.tokenWeightedLogProbGradient(List.of(CHOSEN.get(i)), new double[][]{chosenWeights[i]});
            ParameterSet l = model.tokenWeightedLogProbGradient(List.of(REJECTED.get(i)),
                    new double[][]{rejectedWeights[i]});
            assertEquals(w.squaredNorm(), fast.gram().chosenSqNorm()[i], 1e-9 * w.squaredNorm(), "pair " + i);
            assertEquals(l.squaredNorm(), fast.gram().rejectedSqNorm()[i], 1e-9 * l.squaredNorm(), "pair " + i);
            double scale = Math.sqrt(w.squaredNorm() * l.squaredNorm());
            assertEquals(w.dot(l), fast.gram().innerProduct()[i], 1e-9 * scale, "pair " + i);
            assertEquals(w.dot(direction), fast.slopeChosen()[i], 1e-9 * Math.max(1, Math.abs(w.dot(direction))));
            assertEquals(l.dot(direction), fast.slopeRejected()[i], 1e-9 * Math.max(1, Math.abs(l.dot(direction))));
            double weightedChosen = 0;
            for (int j = 0; j < chosenWeights[i].length; j++) {
                weightedChosen += chosenWeights[i][j] * chosenTokens[i][j];
            }
            double weightedRejected = 0;
            for (int j = 0; j < rejectedWeights[i].length; j++) {
                weightedRejected += rejectedWeights[i][j] * rejectedTokens[i][j];
            }
            assertEquals(weightedChosen, fast.logpChosen()[i], 1e-12);
            assertEquals(weightedRejected, fast.logpRejected()[i], 1e-12);
        }
        // every weight 1: the plain directed Gram
        double[][] onesChosen = CHOSEN.stream().map(s -> ones(s.responseLength())).toArray(double[][]::new);
        double[][] onesRejected = REJECTED.stream().map(s -> ones(s.responseLength())).toArray(double[][]::new);
        var plain = model.pairGramAlong(CHOSEN, REJECTED, direction, linearTerms);
        var unit = model.tokenWeightedPairGramAlong(CHOSEN, REJECTED, onesChosen, onesRejected, direction, linearTerms);
        assertArrayEquals(plain.gram().innerProduct(), unit.gram().innerProduct(), 1e-12);
        assertArrayEquals(plain.slopeRejected(), unit.slopeRejected(), 1e-12);
        assertArrayEquals(plain.logpChosen(), unit.logpChosen(), 1e-12);
        // the interface's default (one backward pass per sequence) agrees with the fast path
        var viaDefault = exactPerSequence(model).tokenWeightedPairGramAlong(CHOSEN, REJECTED, chosenWeights,
                rejectedWeights, direction);
        assertArrayEquals(viaDefault.gram().innerProduct(), fast.gram().innerProduct(), 1e-9);
        assertArrayEquals(viaDefault.gram().rejectedSqNorm(), fast.gram().rejectedSqNorm(), 1e-9);
        assertArrayEquals(viaDefault.slopeChosen(), fast.slopeChosen(), 1e-9);
        assertArrayEquals(viaDefault.logpRejected(), fast.logpRejected(), 1e-12);
        var wrong = GramianException.class;
        assertTrue(assertThrows(wrong, () -> model.tokenWeightedPairGramAlong(CHOSEN, REJECTED, onesRejected,
                onesChosen, direction)).getMessage().contains("token weights for"));
    }

    /** {@code model} behind the interface alone: what the interface's defaults compute, not its fast paths. */
    private static LanguageModel exactPerSequence(LanguageModel model) {
        return new LanguageModel() {
            @Override
            public LanguageModelConfig config() {
                return model.config();
            }

            @Override
            public ParameterSet parameters() {
                return model.parameters();
            }

            @Override
            public SequenceScores score(List<Sequence> batch) {
                return model.score(batch);
            }

            @Override
            public LossGradient nextTokenLossAndGradient(List<Sequence> batch) {
                return model.nextTokenLossAndGradient(batch);
            }

            @Override
            public ParameterSet weightedLogProbGradient(List<Sequence> batch, double[] weights) {
                return model.weightedLogProbGradient(batch, weights);
            }

            @Override
            public ParameterSet tokenWeightedLogProbGradient(List<Sequence> batch, double[][] weights) {
                return model.tokenWeightedLogProbGradient(batch, weights);
            }

            @Override
            public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
                return model.preferenceLossAndGradient(loss, batch);
            }

            @Override
            public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
                return model.pairGram(chosen, rejected, method, full);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A random direction touching every parameter, embeddings and LayerNorms included. */
    private static ParameterSet randomDirection(SplittableRandom random) {
        ParameterSet direction = model.parameters().zerosLike();
        for (ParameterSet.Parameter p : direction.parameters()) {
            for (int i = 0; i < p.values().length; i++) {
                p.values()[i] = random.nextDouble() - 0.5;
            }
        }
        return direction;
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    @Test
    void tokenGramSumsToThePairInnerProduct() {
        TokenGram tokens = model.tokenGram(CHOSEN.get(0), REJECTED.get(0));
        PairGram pair = model.pairGram(CHOSEN.subList(0, 1), REJECTED.subList(0, 1), GramMethod.EXACT, false);
        assertEquals(CHOSEN.get(0).responseLength(), tokens.chosenSqNorms().length);
        assertEquals(REJECTED.get(0).responseLength(), tokens.rejectedSqNorms().length);
        double sum = 0;
        for (double[] row : tokens.innerProducts()) {
            for (double v : row) {
                sum += v;
            }
        }
        assertEquals(pair.innerProduct()[0], sum, 1e-9 * Math.abs(pair.innerProduct()[0]));
        // The responses share their first two tokens in the same context: identical gradients.
        assertEquals(1.0, tokens.cosine(0, 0), 1e-12);
        assertEquals(1.0, tokens.cosine(1, 1), 1e-12);
        // The third tokens differ (5 vs 9) after the same context.
        assertTrue(tokens.cosine(2, 2) < 0.99, "cosine " + tokens.cosine(2, 2));
        for (int t = 0; t < tokens.chosenSqNorms().length; t++) {
            assertTrue(tokens.chosenSqNorms()[t] > 0);
        }
    }

    @Test
    void tokenWeightedGradientWeighsSingleTokens() {
        // Unit token weights give the sequence-weighted gradient; weights (2, 0, …) give twice the
        // first token's gradient, whose squared norm the token Gram knows.
        double[][] ones = new double[CHOSEN.size()][];
        double[] sequenceWeights = {0.5, -1, 2};
        for (int i = 0; i < ones.length; i++) {
            ones[i] = new double[CHOSEN.get(i).responseLength()];
            java.util.Arrays.fill(ones[i], sequenceWeights[i]);
        }
        ParameterSet byTokens = model.tokenWeightedLogProbGradient(CHOSEN, ones);
        ParameterSet bySequences = model.weightedLogProbGradient(CHOSEN, sequenceWeights);
        ParameterSet difference = byTokens.copy();
        difference.addScaled(bySequences, -1);
        assertEquals(0, difference.squaredNorm(), 1e-20 * bySequences.squaredNorm());
        double[][] first = {new double[CHOSEN.get(0).responseLength()]};
        first[0][0] = 2;
        ParameterSet one = model.tokenWeightedLogProbGradient(CHOSEN.subList(0, 1), first);
        TokenGram tokens = model.tokenGram(CHOSEN.get(0), REJECTED.get(0));
        assertEquals(4 * tokens.chosenSqNorms()[0], one.squaredNorm(), 1e-9 * one.squaredNorm());
        assertThrows(GramianException.class, () -> model.tokenWeightedLogProbGradient(CHOSEN, first));
    }

    /**
     * With the final LayerNorm's gain at 0 every position's logits are {@code z = u·W + b} (u the
     * LayerNorm's bias), whatever the input, so the statistics can be checked by hand in double.
     */
    @Test
    void tokenStatisticsDescribeTheNextTokenDistribution() {
        try (TransformerLanguageModel fixed = new TransformerLanguageModel(TINY, 7, F64)) {
            SplittableRandom random = new SplittableRandom(3);
            double[] u = fixed.parameters().values("final/ln/bias");
            for (int k = 0; k < u.length; k++) {
                u[k] = random.nextDouble() - 0.5;
            }
            java.util.Arrays.fill(fixed.parameters().values("final/ln/gain"), 0);
            double[] w = fixed.parameters().values("head/w");
            double[] b = fixed.parameters().values("head/b");
            for (int v = 0; v < b.length; v++) {
                b[v] = 2 * random.nextDouble() - 1;
            }
            int vocabulary = TINY.vocabularySize();
            double[] z = new double[vocabulary];
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocabulary; v++) {
                z[v] = b[v];
                for (int k = 0; k < u.length; k++) {
                    z[v] += u[k] * w[k * vocabulary + v];
                }
                max = Math.max(max, z[v]);
            }
            double sum = 0;
            for (double zv : z) {
                sum += Math.exp(zv - max);
            }
            double lse = max + Math.log(sum);
            double entropy = 0;
            double squares = 0;
            double mean = 0;
            for (double zv : z) {
                double p = Math.exp(zv - lse);
                entropy -= p * (zv - lse);
                squares += p * p;
                mean += zv / vocabulary;
            }
            TokenStatistics stats = fixed.tokenStatistics(REJECTED);
            SequenceScores scores = fixed.score(REJECTED);
            assertEquals(REJECTED.size(), stats.size());
            for (int i = 0; i < REJECTED.size(); i++) {
                Sequence s = REJECTED.get(i);
                assertEquals(s.responseLength(), stats.responseLength(i));
                assertArrayEquals(scores.tokenLogp()[i], stats.tokenLogp()[i], 1e-12);
                assertEquals(scores.logp()[i], stats.sequenceLogp()[i], 1e-12);
                for (int j = 0; j < s.responseLength(); j++) {
                    assertEquals(z[s.token(s.responseStart() + j)] - lse, stats.tokenLogp()[i][j], 1e-12);
                    assertEquals(entropy, stats.entropy()[i][j], 1e-12);
                    assertEquals(mean, stats.meanLogit()[i][j], 1e-12);
                    assertEquals(Math.log(squares), stats.logSumSquares()[i][j], 1e-12);
                }
            }
        }
    }

    @Test
    void badBatchesFailWithUserErrors() {
        GramianException tooLong = assertThrows(GramianException.class,
                () -> model.score(List.of(new Sequence(new int[10], 1))));
        assertEquals(GramianException.Category.INPUT, tooLong.category());
        assertTrue(tooLong.getMessage().contains("at most 9"), tooLong.getMessage());
        GramianException badId = assertThrows(GramianException.class,
                () -> model.score(List.of(new Sequence(new int[]{1, 11}, 1))));
        assertTrue(badId.getMessage().contains("[0, 11)"), badId.getMessage());
        assertEquals(GramianException.Category.USAGE, assertThrows(GramianException.class,
                () -> model.pairGram(CHOSEN, REJECTED.subList(0, 2), GramMethod.FAST, false)).category());
        assertThrows(GramianException.class, () -> model.weightedLogProbGradient(CHOSEN, new double[2]));
    }

    /** Central differences on a few entries of every parameter. */
    static void checkFiniteDifferences(ParameterSet gradient, java.util.function.DoubleSupplier loss) {
        SplittableRandom random = new SplittableRandom(3);
        double h = 1e-5;
        for (ParameterSet.Parameter p : model.parameters().parameters()) {
            double[] v = p.values();
            double[] g = gradient.values(p.name());
            for (int k = 0; k < 2; k++) {
                int i = random.nextInt(v.length);
                double saved = v[i];
                v[i] = saved + h;
                double up = loss.getAsDouble();
                v[i] = saved - h;
                double down = loss.getAsDouble();
                v[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, g[i], 1e-6 + 1e-5 * Math.abs(numeric), p.name() + "[" + i + "]");
            }
        }
    }

    /** A loss using every term and several algebra operations, like the margin family does. */
    static final class SimpleMargin implements MarginLoss {
        @Override
        public boolean usesReference() {
            return true;
        }

        @Override
        public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
            T rw = a.sub(p.logpChosen(), p.refLogpChosen());
            T rl = a.sub(p.logpRejected(), p.refLogpRejected());
            T h = a.sub(a.div(rw, p.lenChosen()), a.div(rl, p.lenRejected()));
            return a.add(a.neg(a.logSigmoid(a.scale(h, 0.7))), a.scale(a.square(a.sigmoid(rl)), 0.1));
        }
    }
}
