package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.DoubleAlgebra;
import dev.gramian.api.objective.BatchEvaluation;
import dev.gramian.api.objective.BatchLoss;
import dev.gramian.api.objective.BatchLossSum;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.objective.PairTerms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch losses (aot, aot-unpaired, sft averaged over tokens) and sums with them. */
class BatchLossTest {

    static Stream<Arguments> objectives() {
        return Stream.of(
                Arguments.of("aot", Map.of()), Arguments.of("aot", Map.of("beta", "0.7", "label_smoothing", "0.3")),
                Arguments.of("aot-unpaired", Map.of()), Arguments.of("aot-unpaired", Map.of("beta", "2")),
                Arguments.of("sft", Map.of("averaging", "token")),
                Arguments.of("dpo:0.8,bco:0.2,sft:1.0", Map.of("sft.averaging", "token", "dpo.divergence", "js")),
                Arguments.of("aot:0.5,aot-unpaired:0.5,ipo", Map.of("beta", "0.3")));
    }

    /** {@code B·∂L/∂lw_i} and {@code B·∂L/∂ll_i} by dual numbers against central differences on doubles. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("objectives")
    void derivativesMatchCentralDifferences(String id, Map<String, String> options) {
        BatchLoss loss = assertInstanceOf(BatchLoss.class, BuiltInLosses.objective(id, options));
        SplittableRandom random = new SplittableRandom(id.hashCode());
        for (int trial = 0; trial < 20; trial++) {
            List<PairScores> batch = randomBatch(random, 1 + random.nextInt(7));
            int b = batch.size();
            BatchEvaluation exact = loss.evaluate(batch);
            assertEquals(value(loss, batch), exact.loss(), 1e-12 * Math.max(1, Math.abs(exact.loss())));
            for (int i = 0; i < b; i++) {
                for (int side = 0; side < 2; side++) {
                    double x = side == 0 ? batch.get(i).logpChosen() : batch.get(i).logpRejected();
                    double h = 1e-6 * Math.max(1, Math.abs(x));
                    double difference = b * (value(loss, moved(batch, i, side, h)) - value(loss, moved(batch, i, side, -h)))
                            / (2 * h);
                    LossEvaluation pair = exact.pairs().get(i);
                    double dual = side == 0 ? pair.dLogpChosen() : pair.dLogpRejected();
                    assertEquals(difference, dual, 1e-5 * Math.max(1, Math.abs(difference)),
                            id + options + " pair " + i + " side " + side + " of " + batch);
                }
            }
        }
    }

    /** Sorting makes the loss blind to the batch's order; the derivatives follow their pairs. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("objectives")
    void permutingTheBatchPermutesTheDerivatives(String id, Map<String, String> options) {
        Objective loss = BuiltInLosses.objective(id, options);
        List<PairScores> batch = randomBatch(new SplittableRandom(7), 6);
        List<PairScores> reversed = new ArrayList<>(batch);
        Collections.reverse(reversed);
        BatchEvaluation forward = loss.evaluate(batch);
        BatchEvaluation backward = loss.evaluate(reversed);
        assertEquals(forward.loss(), backward.loss(), 1e-12 * Math.abs(forward.loss()));
        for (int i = 0; i < 6; i++) {
            LossEvaluation a = forward.pairs().get(i);
            LossEvaluation z = backward.pairs().get(5 - i);
            assertEquals(a.dLogpChosen(), z.dLogpChosen(), 1e-12 * Math.max(1, Math.abs(a.dLogpChosen())));
            assertEquals(a.dLogpRejected(), z.dLogpRejected(), 1e-12 * Math.max(1, Math.abs(a.dLogpRejected())));
        }
    }

    @Test
    void aotOfOnePairIsDpoWithTheSameSmoothing() {
        PairScores pair = new PairScores(-12.5, -14.25, -13.0, -13.5, 5, 7);
        LossEvaluation dpo = new DpoLoss(0.4, 0.15).evaluate(pair);
        for (String id : List.of("aot", "aot-unpaired")) {
            LossEvaluation aot = BuiltInLosses.objective(id, Map.of("beta", "0.4", "label_smoothing", "0.15"))
                    .evaluate(List.of(pair)).pairs().get(0);
            assertEquals(dpo.loss(), aot.loss(), 1e-15, id);
            assertEquals(dpo.dLogpChosen(), aot.dLogpChosen(), 1e-15, id);
            assertEquals(dpo.dLogpRejected(), aot.dLogpRejected(), 1e-15, id);
        }
    }

    /** Two chosen responses of 2 and 10 tokens: the mean of per-token NLLs, or the NLL per token of the batch. */
    @Test
    void sftAveragesOverPairsOrOverTokens() {
        List<PairScores> batch = List.of(new PairScores(-10, -1, 0, 0, 2, 1), new PairScores(-30, -1, 0, 0, 10, 1));
        BatchEvaluation sequence = BuiltInLosses.objective("sft", Map.of()).evaluate(batch);
        BatchEvaluation token = BuiltInLosses.objective("sft", Map.of("averaging", "token")).evaluate(batch);
        assertEquals((5 + 3) / 2.0, sequence.loss(), 1e-15);
        assertEquals(40 / 12.0, token.loss(), 1e-15);
        // per pair, d(token mean)/dlw_i = −1/12 for every response, times B = 2
        assertEquals(-2 / 12.0, token.pairs().get(0).dLogpChosen(), 1e-15);
        assertEquals(-2 / 12.0, token.pairs().get(1).dLogpChosen(), 1e-15);
        assertEquals(-0.5, sequence.pairs().get(0).dLogpChosen(), 1e-15);
        assertEquals(-0.1, sequence.pairs().get(1).dLogpChosen(), 1e-15);
        assertEquals(0.0, token.pairs().get(1).dLogpRejected(), 0.0);
    }

    @Test
    void aSumWithABatchComponentIsABatchLossWhoseShareAddsThePairsOwnTerms() {
        Objective sum = BuiltInLosses.objective("dpo:0.8,sft:1.0", Map.of("sft.averaging", "token"));
        assertInstanceOf(BatchLossSum.class, sum);
        List<PairScores> batch = randomBatch(new SplittableRandom(3), 4);
        BatchEvaluation result = sum.evaluate(batch);
        double sft = BuiltInLosses.objective("sft", Map.of("averaging", "token")).evaluate(batch).loss();
        MarginLoss dpo = BuiltInLosses.create("dpo", Map.of());
        for (int i = 0; i < 4; i++) {
            assertEquals(0.8 * dpo.evaluate(batch.get(i)).loss() + sft, result.pairs().get(i).loss(), 1e-12);
        }
        assertEquals(value((BatchLoss) sum, batch), result.loss(), 1e-12);
        assertEquals(0.1, sum.rewardScale(), 0.0);
        assertTrue(sum.usesReference());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("objectives")
    void finiteAtMarginsOfTenThousand(String id, Map<String, String> options) {
        Objective loss = BuiltInLosses.objective(id, options);
        double far = -1e4;
        double near = -1e-3;
        List<PairScores> batch = List.of(new PairScores(far, near, near, near, 1, 100),
                new PairScores(near, far, near, near, 100, 1), new PairScores(near, near, far, near, 3, 3),
                new PairScores(far, far, near, far, 1, 1), new PairScores(0, 0, 0, 0, 1, 1),
                new PairScores(0, far, far, 0, 5, 1));
        BatchEvaluation result = loss.evaluate(batch);
        assertTrue(Double.isFinite(result.loss()), id + ": " + result);
        for (LossEvaluation pair : result.pairs()) {
            assertTrue(Double.isFinite(pair.loss()) && Double.isFinite(pair.dLogpChosen())
                    && Double.isFinite(pair.dLogpRejected()), id + ": " + result);
        }
    }

    private static List<PairScores> randomBatch(SplittableRandom random, int size) {
        List<PairScores> batch = new ArrayList<>();
        while (batch.size() < size) {
            double lenChosen = 1 + random.nextInt(40);
            double lenRejected = 1 + random.nextInt(40);
            double lw = -lenChosen * random.nextDouble(0.05, 3);
            double ll = -lenRejected * random.nextDouble(0.05, 3);
            double refLw = lw + random.nextDouble(-6, 6);
            double refLl = ll + random.nextDouble(-6, 6);
            if (refLw <= 0 && refLl <= 0) {
                batch.add(new PairScores(lw, ll, refLw, refLl, lenChosen, lenRejected));
            }
        }
        return batch;
    }

    private static List<PairScores> moved(List<PairScores> batch, int index, int side, double step) {
        List<PairScores> copy = new ArrayList<>(batch);
        PairScores p = batch.get(index);
        copy.set(index, new PairScores(p.logpChosen() + (side == 0 ? step : 0), p.logpRejected() + (side == 1 ? step : 0),
                p.refLogpChosen(), p.refLogpRejected(), p.lenChosen(), p.lenRejected()));
        return copy;
    }

    private static double value(BatchLoss loss, List<PairScores> batch) {
        return loss.loss(DoubleAlgebra.INSTANCE, batch.stream().map(p -> new PairTerms<>(p.logpChosen(),
                p.logpRejected(), p.refLogpChosen(), p.refLogpRejected(), p.lenChosen(), p.lenRejected())).toList());
    }
}
