package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token-mask rule on a tiny float64 Transformer. */
@Tag("native")
class TokenMaskingRuleTest {
    // Prompt 1 2, responses differ in their first token and share a suffix of four.
    private static final List<Sequence> CHOSEN = List.of(new Sequence(new int[]{0, 1, 2, 4, 9, 8, 9, 9}, 3));
    private static final List<Sequence> REJECTED = List.of(new Sequence(new int[]{0, 1, 2, 5, 9, 8, 9, 9}, 3));
    private static PluginCatalog catalog;
    private static Backend backend;
    private static LanguageModel model;
    private static MarginLoss dpo;
    private static double[] reference;

    @BeforeAll
    static void create() {
        catalog = PluginCatalog.load(List.of());
        backend = catalog.create(PluginKind.BACKEND, "tensorflow", Map.of("precision", "float64"), Backend.class);
        model = backend.languageModel(new LanguageModelConfig(12, 12, 1, 16, 2, 16), 3);
        dpo = catalog.create(PluginKind.OBJECTIVE, "dpo", Map.of(), MarginLoss.class);
        double[] logp = model.score(List.of(CHOSEN.get(0), REJECTED.get(0))).logp();
        reference = new double[]{logp[0] - 0.5, logp[1] + 0.2};
    }

    @AfterAll
    static void close() {
        model.close();
        backend.close();
    }

    private static AlignmentUpdate update(TokenMaskingRule rule) {
        return rule.update(model, dpo, CHOSEN, REJECTED, new double[]{reference[0]}, new double[]{reference[1]});
    }

    @Test
    void withAllWeightsAtOneTheDirectionIsTheLossGradient() {
        AlignmentUpdate masked = update(new TokenMaskingRule(0.05, 1.0));
        AlignmentUpdate plain = new GradientRule().update(model, dpo, CHOSEN, REJECTED, new double[]{reference[0]},
                new double[]{reference[1]});
        ParameterSet difference = masked.step().gradient().copy();
        difference.addScaled(plain.step().gradient(), -1);
        assertEquals(0, difference.squaredNorm(), 1e-18 * plain.step().gradient().squaredNorm());
        assertEquals(plain.step().loss(), masked.step().loss(), 1e-12);
        assertNull(masked.sequenceWeights(), "a token-weighted direction has no sequence weights");
    }

    @Test
    void sharedTokensDropOutOfTheMarginUnderTheL1Penalty() {
        TokenMaskingRule rule = new TokenMaskingRule(0.2, 1.0);
        for (int k = 0; k < 10; k++) {
            update(rule);
        }
        double[][] weights = rule.weights(CHOSEN.get(0), REJECTED.get(0));
        // the shared suffix 9 8 9 9 (tied weights, nearly equal contributions on both sides) is gone
        for (int t = 1; t < 5; t++) {
            assertEquals(0.0, weights[0][t], "chosen token " + t);
            assertEquals(0.0, weights[1][t], "rejected token " + t);
        }
    }

    @Test
    void sharedPositionsHaveOneWeightForBothResponses() {
        TokenMaskingRule rule = new TokenMaskingRule(0.01, 1.0);
        update(rule);
        double[][] weights = rule.weights(CHOSEN.get(0), REJECTED.get(0));
        for (int t = 1; t < 5; t++) {
            assertEquals(weights[0][t], weights[1][t], "shared token " + t);
        }
        assertTrue(weights[0][0] != weights[1][0], "the differing tokens have weights of their own");
    }

    @Test
    void aRestoredStateContinuesBitForBitWhereTheRuleStood() {
        TokenMaskingRule trained = new TokenMaskingRule(0.2, 1.0);
        for (int k = 0; k < 3; k++) {
            update(trained);
        }
        OptimizerState state = trained.state();
        assertEquals(3, state.steps());
        assertEquals(List.of("0,1,2/4,9,8,9,9/5,9,8,9,9"), state.slots().get(TokenMaskingRule.WEIGHTS).names());

        TokenMaskingRule resumed = new TokenMaskingRule(0.2, 1.0);
        resumed.restore(state);
        assertEquals(state, resumed.state());
        AlignmentUpdate expected = update(trained);
        AlignmentUpdate actual = update(resumed);
        assertEquals(expected.step().gradient(), actual.step().gradient());
        assertEquals(expected.step().loss(), actual.step().loss());
        assertEquals(trained.state(), resumed.state());
        assertArrayEquals(trained.weights(CHOSEN.get(0), REJECTED.get(0))[0],
                resumed.weights(CHOSEN.get(0), REJECTED.get(0))[0]);
    }

    @Test
    void restoringTheStateOfAnotherRuleOrShapeNamesWhatDoesNotFitAndChangesNothing() {
        TokenMaskingRule rule = new TokenMaskingRule(0.2, 1.0);
        update(rule);
        OptimizerState before = rule.state();

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> rule.restore(OptimizerState.empty()));
        assertEquals("token-mask keeps its state in the slot 'weights' alone, but this state has the slots []: "
                + "it is not token-mask's", empty.getMessage());
        ParameterSet moment = new ParameterSet(List.of(new Parameter("w", new int[]{2}, new double[2])));
        IllegalArgumentException fish = assertThrows(IllegalArgumentException.class,
                () -> rule.restore(new OptimizerState(4, Map.of("m", moment))));
        assertTrue(fish.getMessage().contains("[m]"), fish::getMessage);

        Parameter pair = before.slots().get(TokenMaskingRule.WEIGHTS).parameters().get(0);
        Parameter longer = new Parameter(pair.name(), new int[]{pair.values().length + 1},
                new double[pair.values().length + 1]);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> rule.restore(
                new OptimizerState(1, Map.of(TokenMaskingRule.WEIGHTS, new ParameterSet(List.of(longer))))));
        assertEquals("token-mask weights of pair '0,1,2/4,9,8,9,9/5,9,8,9,9' have shape [7], but its responses have "
                + "[6] weights", shape.getMessage());

        Parameter unnamed = new Parameter("4,9/x", pair.shape(), pair.values());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> rule.restore(
                new OptimizerState(1, Map.of(TokenMaskingRule.WEIGHTS, new ParameterSet(List.of(unnamed))))));
        assertTrue(name.getMessage().contains("'4,9/x'"), name::getMessage);

        assertEquals(before, rule.state());
    }

    @Test
    void refusesLossesWithoutAReference() {
        MarginLoss simpo = catalog.create(PluginKind.OBJECTIVE, "simpo", Map.of(), MarginLoss.class);
        GramianException error = assertThrows(GramianException.class, () -> new TokenMaskingRule(0.05, 1)
                .update(model, simpo, CHOSEN, REJECTED, new double[1], new double[1]));
        assertEquals(GramianException.Category.USAGE, error.category());
    }
}
