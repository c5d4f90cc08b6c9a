package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.objective.PairTerms;
import dev.gramian.api.param.ParameterSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training-side methods of a pre-trained decoder: the in-graph preference loss against its
 * definition, and runs split under a small logit budget against the same runs whole.
 */
@Tag("native")
class DecoderTrainingTest {

    /** DPO's sigmoid loss, written here so the runtime's tests need no objectives module. */
    static final MarginLoss DPO = new MarginLoss() {
        @Override
        public boolean usesReference() {
            return true;
        }

        @Override
        public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
            T margin = a.sub(a.sub(p.logpChosen(), p.refLogpChosen()), a.sub(p.logpRejected(), p.refLogpRejected()));
            return a.neg(a.logSigmoid(a.mul(a.constant(0.1), margin)));
        }
    };

    static List<Sequence> chosen(List<HfFixtureTest.Row> rows) {
        return rows.stream().map(HfFixtureTest.Row::chosen).toList();
    }

    static List<Sequence> rejected(List<HfFixtureTest.Row> rows) {
        return rows.stream().map(HfFixtureTest.Row::rejected).toList();
    }

    @Test
    void thePreferenceLossIsTheMeanOfThePerPairLossesWithItsGradient() throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows("tiny-llama").subList(0, 5);
        double[] refW = {-40, -20, -30, -25, -35};
        double[] refL = {-12, -22, -31, -20, -30};
        try (DecoderModel model = HfFixtureTest.load("tiny-llama", GeneratedVariantsTest.F64)) {
            PreferenceStep step = model.preferenceLossAndGradient(DPO, new PairBatch(chosen(rows), rejected(rows), refW, refL));
            double[] lw = model.score(chosen(rows)).logp();
            double[] ll = model.score(rejected(rows)).logp();
            double loss = 0;
            double[] weights = new double[10];
            List<Sequence> all = DecoderModel.concat(chosen(rows), rejected(rows));
            for (int i = 0; i < 5; i++) {
                LossEvaluation e = DPO.evaluate(new PairScores(lw[i], ll[i], refW[i], refL[i], 1, 1));
                loss += e.loss() / 5;
                weights[i] = e.dLogpChosen() / 5;
                weights[5 + i] = e.dLogpRejected() / 5;
                assertEquals(lw[i], step.logpChosen()[i], 1e-10);
            }
            assertEquals(loss, step.loss(), 1e-12);
            ParameterSet expected = model.weightedLogProbGradient(all, weights);
            ParameterSet difference = step.gradient().copy();
            difference.addScaled(expected, -1);
            assertTrue(difference.squaredNorm() < 1e-20 * expected.squaredNorm() + 1e-24, "gradients differ by "
                    + difference.squaredNorm());
            assertTrue(expected.squaredNorm() > 1e-6);
        }
    }

    @Test
    void runsSplitUnderASmallLogitBudgetGiveTheWholeRunsResults() throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows("tiny-gpt2").subList(0, 6);
        List<Sequence> all = DecoderModel.concat(chosen(rows), rejected(rows));
        double[] weights = {1, -2, 0.5, 3, -1, 0.25, 2, 1, -0.5, 0.75, -3, 1.5};
        double[] ref = {-50, -45, -52, -40, -48, -51};
        try (DecoderModel whole = HfFixtureTest.load("tiny-gpt2", GeneratedVariantsTest.F64);
             DecoderModel split = HfFixtureTest.load("tiny-gpt2", GeneratedVariantsTest.F64)) {
            split.budgets(384L * 12, Long.MAX_VALUE);
            assertTrue(split.pieces(all, 1).size() >= 6, "the budget splits the batch");
            assertTrue(split.pieces(all, 2).size() >= 3, "and the pairs");
            double[] a = whole.score(all).logp();
            double[] b = split.score(all).logp();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-10 * Math.abs(a[i]));
            }
            assertSameGradient(whole.weightedLogProbGradient(all, weights), split.weightedLogProbGradient(all, weights));
            PreferenceStep p = whole.preferenceLossAndGradient(DPO, new PairBatch(chosen(rows), rejected(rows), ref, ref));
            PreferenceStep q = split.preferenceLossAndGradient(DPO, new PairBatch(chosen(rows), rejected(rows), ref, ref));
            assertEquals(p.loss(), q.loss(), 1e-12);
            assertSameGradient(p.gradient(), q.gradient());
            assertEquals(whole.nextTokenLossAndGradient(all).loss(), split.nextTokenLossAndGradient(all).loss(), 1e-12);
        }
    }

    @Test
    void pairsOverTheActivationBudgetRunSequenceBySequenceWithTheSameResult() throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows("tiny-llama").subList(0, 4);
        double[] refW = {-40, -20, -30, -25};
        double[] refL = {-12, -22, -31, -20};
        try (DecoderModel whole = HfFixtureTest.load("tiny-llama", GeneratedVariantsTest.F64);
             DecoderModel split = HfFixtureTest.load("tiny-llama", GeneratedVariantsTest.F64)) {
            split.budgets(Long.MAX_VALUE, 1);
            List<Sequence> all = DecoderModel.concat(chosen(rows), rejected(rows));
            assertEquals(all.size(), split.pieces(all, 1).size(), "one sequence per run");
            PreferenceStep p = whole.preferenceLossAndGradient(DPO, new PairBatch(chosen(rows), rejected(rows), refW, refL));
            PreferenceStep q = split.preferenceLossAndGradient(DPO, new PairBatch(chosen(rows), rejected(rows), refW, refL));
            assertEquals(p.loss(), q.loss(), 1e-12);
            assertArrayEquals(p.logpRejected(), q.logpRejected(), 1e-10);
            assertArrayEquals(p.lenChosen(), q.lenChosen());
            assertSameGradient(p.gradient(), q.gradient());
        }
    }

    static void assertSameGradient(ParameterSet expected, ParameterSet actual) {
        ParameterSet difference = actual.copy();
        difference.addScaled(expected, -1);
        assertTrue(difference.squaredNorm() <= 1e-20 * expected.squaredNorm(), "gradients differ by "
                + Math.sqrt(difference.squaredNorm()) + " of " + Math.sqrt(expected.squaredNorm()));
    }
}
