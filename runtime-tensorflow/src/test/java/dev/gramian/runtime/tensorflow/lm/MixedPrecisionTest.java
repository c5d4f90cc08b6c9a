package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.Precision;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bfloat16 product path, forced on whatever CPU runs the test (the backend would fall back to
 * float32 without AMX or AVX-512 BF16; the model itself does not): it rounds, so it differs from
 * float32, but log-probabilities, the DPO loss and gradient, and the fast Gram entries stay within
 * bfloat16's error of the float32 values at the same parameters.
 */
@Tag("native")
class MixedPrecisionTest {
    private static final LanguageModelConfig SMALL = new LanguageModelConfig(259, 32, 2, 64, 4, 128);
    private static final MarginLoss LOSS = new TransformerLanguageModelTest.SimpleMargin();

    @Test
    void bfloat16ProductsStayWithinBfloat16ErrorOfFloat32() {
        SessionSettings f32 = SessionSettings.defaults();
        List<Sequence> chosen = new ArrayList<>();
        List<Sequence> rejected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 4; i++) {
            int[] w = random.ints(33, 0, 256).toArray();
            int[] l = w.clone();
            for (int t = 8; t < 14; t++) {
                l[t] = random.nextInt(256);
            }
            chosen.add(new Sequence(w, 8));
            rejected.add(new Sequence(l, 8));
        }
        try (TransformerLanguageModel full = new TransformerLanguageModel(SMALL, 11, f32);
             TransformerLanguageModel mixed = new TransformerLanguageModel(SMALL, 11,
                     f32.withPrecision(Precision.BFLOAT16))) {
            PairBatch batch = new PairBatch(chosen, rejected, new double[4], new double[4]);
            PreferenceStep exact = full.preferenceLossAndGradient(LOSS, batch);
            PreferenceStep low = mixed.preferenceLossAndGradient(LOSS, batch);
            // Different: the products really ran in bfloat16.
            assertNotEquals(exact.logpChosen()[0], low.logpChosen()[0]);
            for (int i = 0; i < 4; i++) {
                assertEquals(exact.logpChosen()[i], low.logpChosen()[i], 1e-2 * Math.abs(exact.logpChosen()[i]));
                assertEquals(exact.logpRejected()[i], low.logpRejected()[i], 1e-2 * Math.abs(exact.logpRejected()[i]));
            }
            assertEquals(exact.loss(), low.loss(), 1e-2 * Math.abs(exact.loss()));
            double cosine = exact.gradient().dot(low.gradient())
                    / Math.sqrt(exact.gradient().squaredNorm() * low.gradient().squaredNorm());
            assertTrue(cosine > 0.999, "gradient cosine " + cosine);
            ParameterSet lowGradient = low.gradient();
            assertTrue(lowGradient.firstNonFinite().isEmpty());

            PairGram reference = full.pairGram(chosen, rejected, GramMethod.EXACT, false);
            PairGram fast = mixed.pairGram(chosen, rejected, GramMethod.FAST, false);
            for (int i = 0; i < 4; i++) {
                double cn = reference.chosenSqNorm()[i];
                double rn = reference.rejectedSqNorm()[i];
                assertEquals(cn, fast.chosenSqNorm()[i], 1e-2 * cn);
                assertEquals(rn, fast.rejectedSqNorm()[i], 1e-2 * rn);
                assertEquals(reference.innerProduct()[i], fast.innerProduct()[i], 1e-2 * Math.sqrt(cn * rn));
            }
        }
    }
}
