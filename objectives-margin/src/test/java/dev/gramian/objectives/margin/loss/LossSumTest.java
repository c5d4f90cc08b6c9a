package dev.gramian.objectives.margin.loss;

import dev.gramian.api.GramianException;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.MarginLossSum;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.objective.PairScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --objective dpo:0.8,bco:0.2,sft:1.0}: parsing, option routing, and the sum's value and derivatives. */
class LossSumTest {
    private static final PairScores PAIR = new PairScores(-21.5, -17.25, -20.0, -19.0, 9, 6);

    @Test
    void aPlainIdIsThePluginItself() {
        ObjectiveSpec spec = ObjectiveSpec.parse("dpo");
        assertFalse(spec.combined());
        assertEquals("dpo", spec.text());
        assertEquals(new DpoLoss(0.2, 0, FDivergence.REVERSE_KL), spec.create(BuiltInLosses.CATALOG,
                Map.of("beta", "0.2")));
    }

    @Test
    void textIsCanonicalAndWeightsDefaultToOne() {
        ObjectiveSpec spec = ObjectiveSpec.parse(" dpo:0.80 , bco:2e-1,sft ");
        assertTrue(spec.combined());
        assertEquals("dpo:0.8,bco:0.2,sft:1.0", spec.text());
        assertEquals("dpo:0.5", ObjectiveSpec.parse("dpo:0.5").text());
    }

    @Test
    void theSumIsTheWeightedSumOfItsComponentsEachWithItsOwnOptions() {
        MarginLoss sum = BuiltInLosses.create("dpo:0.8,bco:0.2,sft:1.0",
                Map.of("beta", "0.3", "dpo.beta", "0.05", "dpo.divergence", "js"));
        assertInstanceOf(MarginLossSum.class, sum);
        LossEvaluation dpo = new DpoLoss(0.05, 0, new FDivergence(FDivergence.Type.JS, 0.5)).evaluate(PAIR);
        LossEvaluation bco = new BcoLoss(0.3, FDivergence.REVERSE_KL).evaluate(PAIR);
        LossEvaluation sft = new SftLoss().evaluate(PAIR);
        LossEvaluation got = sum.evaluate(PAIR);
        assertEquals(0.8 * dpo.loss() + 0.2 * bco.loss() + sft.loss(), got.loss(), 1e-15);
        assertEquals(0.8 * dpo.dLogpChosen() + 0.2 * bco.dLogpChosen() + sft.dLogpChosen(), got.dLogpChosen(), 1e-15);
        assertEquals(0.8 * dpo.dLogpRejected() + 0.2 * bco.dLogpRejected(), got.dLogpRejected(), 1e-15);
        assertEquals(0.05, sum.rewardScale(), 0.0, "the first reference component's beta");
        assertTrue(sum.usesReference());
    }

    @Test
    void resolvedOptionsArePrefixedByComponentWithDefaultsFilledIn() {
        Map<String, String> resolved = ObjectiveSpec.parse("simpo:2,sft").resolvedOptions(BuiltInLosses.CATALOG,
                Map.of("gamma", "1.5", "simpo.beta", "3"));
        assertEquals(Map.of("simpo.beta", "3", "simpo.gamma", "1.5", "sft.averaging", "sequence"), resolved);
        assertFalse(BuiltInLosses.create("simpo:2,sft", Map.of()).usesReference());
        assertEquals(1.0, BuiltInLosses.create("simpo:2,sft", Map.of()).rewardScale(), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpo:0", "dpo:-1", "dpo:abc", "dpo:Infinity", "dpo,,sft", "dpo,dpo:2", "DPO", "",
            "dpo:1:2"})
    void malformedSpecsAreUsageErrorsNamingTheSpec(String text) {
        GramianException e = assertThrows(GramianException.class, () -> ObjectiveSpec.parse(text));
        assertEquals(GramianException.Category.USAGE, e.category());
        assertTrue(e.getMessage().contains("objective '" + text + "'"), e.getMessage());
    }

    @Test
    void optionsThatNoComponentTakesAreRejectedNamingTheValidKeys() {
        GramianException none = assertThrows(GramianException.class,
                () -> BuiltInLosses.create("dpo,sft", Map.of("gamma", "1")));
        assertTrue(none.getMessage().contains("no component takes option 'gamma'")
                && none.getMessage().contains("dpo.beta"), none.getMessage());
        GramianException stranger = assertThrows(GramianException.class,
                () -> BuiltInLosses.create("dpo,sft", Map.of("ipo.beta", "1")));
        assertTrue(stranger.getMessage().contains("'ipo.beta' names no component"), stranger.getMessage());
        GramianException wrongComponent = assertThrows(GramianException.class,
                () -> BuiltInLosses.create("dpo,sft", Map.of("sft.beta", "1")));
        assertTrue(wrongComponent.getMessage().contains("'sft': unknown option 'beta'"), wrongComponent.getMessage());
        GramianException badValue = assertThrows(GramianException.class,
                () -> BuiltInLosses.create("dpo,exo", Map.of("label_smoothing", "0")));
        assertTrue(badValue.getMessage().contains("'exo'") && badValue.getMessage().contains("label_smoothing"),
                badValue.getMessage());
        GramianException unknown = assertThrows(GramianException.class,
                () -> BuiltInLosses.create("dpo,nope", Map.of()));
        assertTrue(unknown.getMessage().contains("nope") && unknown.getMessage().contains("simpo"),
                unknown.getMessage());
    }
}
