package com.example.gramian.template;

import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.PairScores;
import dev.gramian.plugin.testkit.PluginContract;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The plugin contract for all three plugins, and the loss against its formula. */
class TemplatePluginTest {

    @Test
    void meetsThePluginContract() {
        PluginContract.assertConforms(new SmoothHingeLossProvider(), new MomentumErmRuleProvider(),
                new LossSpreadProbeProvider());
    }

    /** h = (−10 + 11) − (−12 + 11) = 2, β = 0.5, δ = 1: softplus(−0.5) and its slopes ∓β·σ(−0.5). */
    @Test
    void valueAndDerivativesMatchTheFormula() {
        LossEvaluation e = new SmoothHingeLoss(0.5, 1).evaluate(new PairScores(-10, -12, -11, -11, 5, 6));
        double sigma = 1 / (1 + Math.exp(0.5));
        assertEquals(Math.log1p(Math.exp(-0.5)), e.loss(), 1e-12);
        assertEquals(-0.5 * sigma, e.dLogpChosen(), 1e-12);
        assertEquals(0.5 * sigma, e.dLogpRejected(), 1e-12);
    }
}
