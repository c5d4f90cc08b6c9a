package dev.gramian.objectives.margin.loss;

import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.plugin.PluginKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gradient-entanglement law and the trainers rely on, beyond single values. */
class LossPropertiesTest {
    static final List<String> IDS = BuiltInLosses.IDS;

    @ParameterizedTest
    @CsvSource({
            "-12.5, -14.25, -13.0, -13.5, 0.1",
            "-40.0, -31.75, -38.5, -33.0, 0.1",
            "-250.0, -180.0, -200.0, -210.0, 0.5",
            "-3.0, -90.0, -50.0, -2.0, 2.0"})
    void dpoPushesChosenUpAndRejectedDownWithEqualWeight(double lw, double ll, double refLw, double refLl,
                                                          double beta) {
        LossEvaluation dpo = BuiltInLosses.create("dpo", Map.of("beta", Double.toString(beta)))
                .evaluate(new PairScores(lw, ll, refLw, refLl, 7, 9));
        assertTrue(dpo.dLogpChosen() < 0 && dpo.dLogpRejected() > 0, dpo.toString());
        assertEquals(-dpo.dLogpChosen(), dpo.dLogpRejected(), 0.0);
        // κ = βσ(−βh), RESEARCH.md §2
        double h = (lw - refLw) - (ll - refLl);
        double kappa = beta / (1 + Math.exp(beta * h));
        assertEquals(kappa, dpo.dLogpRejected(), 1e-12 * kappa);
    }

    @ParameterizedTest
    @FieldSource("IDS")
    void readsTheReferenceExactlyWhenDeclared(String id) {
        MarginLoss loss = BuiltInLosses.create(id);
        assertEquals(BuiltInLosses.REFERENCE_IDS.contains(id), loss.usesReference(), id);
        LossEvaluation base = loss.evaluate(new PairScores(-21.5, -17.25, -20.0, -19.0, 9, 6));
        LossEvaluation shifted = loss.evaluate(new PairScores(-21.5, -17.25, -3.0, -44.0, 9, 6));
        if (loss.usesReference()) {
            assertTrue(base.loss() != shifted.loss(), id + " ignores the reference");
        } else {
            assertEquals(base, shifted, id + " reads the reference");
        }
    }

    @ParameterizedTest
    @FieldSource("IDS")
    void rewardScaleIsBetaWhereTheLossHasOne(String id) {
        var beta = BuiltInLosses.CATALOG.find(PluginKind.OBJECTIVE, id).info().option("beta");
        MarginLoss loss = BuiltInLosses.create(id, beta.isPresent() ? Map.of("beta", "0.375") : Map.of());
        assertEquals(beta.isPresent() ? 0.375 : 1.0, loss.rewardScale(), 0.0, id);
    }

    @Test
    void orpoOfTwoCertainResponsesIsLambdaLogTwo() {
        // NLL(y_w) = 0 and equal (infinite) odds: −λ·log σ(0) = λ·ln 2, flat in both log-probabilities
        LossEvaluation orpo = BuiltInLosses.create("orpo", Map.of("lambda", "0.7"))
                .evaluate(new PairScores(0, 0, 0, 0, 4, 5));
        assertEquals(0.7 * Math.log(2), orpo.loss(), 1e-15);
        assertEquals(-0.25, orpo.dLogpChosen(), 0.0);
        assertEquals(0.0, orpo.dLogpRejected(), 0.0);
    }

    @Test
    void recordsRejectOutOfRangeOptionsWhenBuiltDirectly() {
        FDivergence kl = FDivergence.REVERSE_KL;
        List<Runnable> bad = List.of(
                () -> new DpoLoss(0, 0, kl), () -> new DpoLoss(0.1, 0.51, kl), () -> new DpoLoss(Double.NaN, 0, kl),
                () -> new RobustDpoLoss(0.1, 0.5, kl), () -> new RobustDpoLoss(0.1, -0.1, kl),
                () -> new IpoLoss(-1, kl), () -> new HingeLoss(Double.POSITIVE_INFINITY, kl),
                () -> new LengthRegularizedDpoLoss(0.1, -0.2, kl), () -> new DpoPositiveLoss(0.1, -1, kl),
                () -> new NcaLoss(0, kl), () -> new BcoLoss(0, kl), () -> new ApoZeroLoss(0),
                () -> new SppoHardLoss(0, kl), () -> new SimpoLoss(2, -0.5), () -> new CpoLoss(0.1, -1),
                () -> new OrpoLoss(-0.1), () -> new RrhfLoss(Double.NaN), () -> new ExoLoss(0.1, 0, kl),
                () -> new ExoLoss(0.1, 0.5, kl), () -> new ExoLoss(0, 0.001, kl), () -> new ApoDownLoss(-1, kl),
                () -> new NormalizedDpoLoss(0, kl), () -> new DiscoPopLoss(0.1, 1, kl),
                () -> new DiscoPopLoss(0.1, 0, kl), () -> new DiscoPopLoss(0, 0.05, kl),
                () -> new FDivergence(FDivergence.Type.ALPHA, Double.NaN));
        for (int i = 0; i < bad.size(); i++) {
            int index = i;
            assertThrows(IllegalArgumentException.class, bad.get(i)::run,
                    "case " + index);
        }
        assertThrows(NullPointerException.class, () -> new DpoLoss(0.1, 0, null));
        assertThrows(NullPointerException.class, () -> new FDivergence(null, 0.5));
    }
}
