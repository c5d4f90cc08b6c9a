package dev.gramian.optimizers;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two steps of each SGD variant from θ = 1 with the constant gradient 0.5 and lr = 0.1, by hand. */
class SgdOptimizerTest {
    private static final SgdProvider PROVIDER = new SgdProvider();

    private static Optimizer sgd(Map<String, String> options) {
        return PROVIDER.create(Options.resolve(PROVIDER.info(), options));
    }

    private static double[] twoSteps(Optimizer optimizer) {
        var theta = new ParameterSet(List.of(new Parameter("x", new int[] {}, new double[] {1.0})));
        var gradient = new ParameterSet(List.of(new Parameter("x", new int[] {}, new double[] {0.5})));
        optimizer.step(theta, gradient, 0.1);
        double first = theta.values("x")[0];
        optimizer.step(theta, gradient, 0.1);
        return new double[] {first, theta.values("x")[0]};
    }

    @Test
    void plainSgdWithWeightDecay() {
        // step 1: d = 0.5 + 0.1·1 = 0.6; θ = 1 − 0.06 = 0.94
        // step 2: d = 0.5 + 0.1·0.94 = 0.594; θ = 0.94 − 0.0594 = 0.8806
        double[] theta = twoSteps(sgd(Map.of("weight_decay", "0.1")));
        assertEquals(0.94, theta[0], 1e-15);
        assertEquals(0.8806, theta[1], 1e-15);
    }

    @Test
    void heavyBallMomentum() {
        // step 1: d = 0.6; b = 0.6; θ = 1 − 0.06 = 0.94
        // step 2: d = 0.594; b = 0.9·0.6 + 0.594 = 1.134; θ = 0.94 − 0.1134 = 0.8266
        double[] theta = twoSteps(sgd(Map.of("momentum", "0.9", "weight_decay", "0.1")));
        assertEquals(0.94, theta[0], 1e-15);
        assertEquals(0.8266, theta[1], 1e-15);
    }

    @Test
    void nesterovMomentum() {
        // step 1: d = 0.6; b = 0.6; direction = 0.6 + 0.9·0.6 = 1.14; θ = 1 − 0.114 = 0.886
        // step 2: d = 0.5 + 0.0886 = 0.5886; b = 0.54 + 0.5886 = 1.1286;
        //         direction = 0.5886 + 0.9·1.1286 = 1.60434; θ = 0.886 − 0.160434 = 0.725566
        double[] theta = twoSteps(sgd(Map.of("momentum", "0.9", "nesterov", "true", "weight_decay", "0.1")));
        assertEquals(0.886, theta[0], 1e-15);
        assertEquals(0.725566, theta[1], 1e-15);
    }

    @Test
    void plainSgdKeepsNoSlotsButCountsSteps() {
        Optimizer optimizer = sgd(Map.of());
        twoSteps(optimizer);
        assertEquals(2, optimizer.state().steps());
        assertTrue(optimizer.state().slots().isEmpty());
        assertEquals(List.of("momentum"), List.copyOf(momentumState().slots().keySet()));
    }

    private static OptimizerState momentumState() {
        Optimizer optimizer = sgd(Map.of("momentum", "0.5"));
        twoSteps(optimizer);
        return optimizer.state();
    }

    @Test
    void momentumStateCannotBeRestoredIntoPlainSgd() {
        var e = assertThrows(IllegalArgumentException.class, () -> sgd(Map.of()).restore(momentumState()));
        assertTrue(e.getMessage().contains("keeps none"), e.getMessage());
    }

    @Test
    void invalidOptionsAreRejectedWithTheValidValues() {
        var negative = assertThrows(GramianException.class,
                () -> Options.resolve(PROVIDER.info(), Map.of("momentum", "-0.1")));
        assertTrue(negative.getMessage().contains("real in [0, 1)"), negative.getMessage());
        assertThrows(GramianException.class, () -> Options.resolve(PROVIDER.info(), Map.of("momentum", "1")));
        assertThrows(GramianException.class, () -> Options.resolve(PROVIDER.info(), Map.of("weight_decay", "-1")));

        var nesterov = assertThrows(GramianException.class, () -> sgd(Map.of("nesterov", "true")));
        assertEquals(GramianException.Category.USAGE, nesterov.category());
        assertEquals("optimizer 'sgd': nesterov=true needs momentum > 0", nesterov.getMessage());
    }
}
