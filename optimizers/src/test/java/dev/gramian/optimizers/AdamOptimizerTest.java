package dev.gramian.optimizers;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adam and AdamW against two steps worked out coordinate by coordinate, from θ = (1, −2) with the
 * gradients (0.5, −0.25) then (−0.1, 0.4), lr = 0.1, β1 = 0.9, β2 = 0.99, ε = 0.01 and λ = 0.2.
 */
class AdamOptimizerTest {
    private static final Map<String, String> OPTIONS =
            Map.of("beta1", "0.9", "beta2", "0.99", "eps", "0.01", "weight_decay", "0.2");
    private static final double[] THETA = {1, -2};
    private static final double[] G1 = {0.5, -0.25};
    private static final double[] G2 = {-0.1, 0.4};

    private static Optimizer create(PluginProvider<?> provider, Map<String, String> options) {
        return (Optimizer) provider.create(Options.resolve(provider.info(), options));
    }

    private static ParameterSet vector(double... values) {
        return new ParameterSet(List.of(new Parameter("w", new int[] {values.length}, values.clone())));
    }

    /** Runs two steps and returns θ after each. */
    private static double[][] twoSteps(Optimizer optimizer) {
        ParameterSet theta = vector(THETA);
        optimizer.step(theta, vector(G1), 0.1);
        double[] first = theta.values("w").clone();
        optimizer.step(theta, vector(G2), 0.1);
        return new double[][] {first, theta.values("w").clone()};
    }

    /**
     * The paper's algorithm for one coordinate, written out for two steps; {@code decoupled} moves λθ
     * from the gradient to the update.
     */
    private static double[] reference(double theta0, double g1, double g2, boolean decoupled) {
        double lambda = 0.2;
        double d1 = decoupled ? g1 : g1 + lambda * theta0;
        double m1 = 0.1 * d1;
        double v1 = 0.01 * d1 * d1;
        double update1 = (m1 / 0.1) / (Math.sqrt(v1 / 0.01) + 0.01);
        double theta1 = theta0 - 0.1 * (update1 + (decoupled ? lambda * theta0 : 0));

        double d2 = decoupled ? g2 : g2 + lambda * theta1;
        double m2 = 0.9 * m1 + 0.1 * d2;
        double v2 = 0.99 * v1 + 0.01 * d2 * d2;
        double update2 = (m2 / (1 - 0.9 * 0.9)) / (Math.sqrt(v2 / (1 - 0.99 * 0.99)) + 0.01);
        double theta2 = theta1 - 0.1 * (update2 + (decoupled ? lambda * theta1 : 0));
        return new double[] {theta1, theta2};
    }

    @Test
    void adamAddsWeightDecayToTheGradient() {
        double[][] theta = twoSteps(create(new AdamProvider(), OPTIONS));
        // First coordinate, step 1: d = 0.5 + 0.2 = 0.7, m̂ = 0.7, √v̂ = 0.7, θ = 1 − 0.1·0.7/0.71
        assertEquals(0.9014084507042254, theta[0][0], 1e-15);
        for (int i = 0; i < 2; i++) {
            double[] expected = reference(THETA[i], G1[i], G2[i], false);
            assertEquals(expected[0], theta[0][i], 1e-14, "step 1, coordinate " + i);
            assertEquals(expected[1], theta[1][i], 1e-14, "step 2, coordinate " + i);
        }
    }

    @Test
    void adamwDecaysTheParametersDirectly() {
        double[][] theta = twoSteps(create(new AdamWProvider(), OPTIONS));
        // First coordinate, step 1: m̂ = 0.5, √v̂ = 0.5, θ = 1 − 0.1·(0.5/0.51 + 0.2·1)
        assertEquals(0.8819607843137255, theta[0][0], 1e-15);
        for (int i = 0; i < 2; i++) {
            double[] expected = reference(THETA[i], G1[i], G2[i], true);
            assertEquals(expected[0], theta[0][i], 1e-14, "step 1, coordinate " + i);
            assertEquals(expected[1], theta[1][i], 1e-14, "step 2, coordinate " + i);
        }
    }

    @Test
    void withoutWeightDecayAdamAndAdamwAgree() {
        Map<String, String> noDecay = Map.of("weight_decay", "0");
        double[][] adam = twoSteps(create(new AdamProvider(), noDecay));
        double[][] adamw = twoSteps(create(new AdamWProvider(), noDecay));
        assertEquals(adam[1][0], adamw[1][0]);
        assertEquals(adam[1][1], adamw[1][1]);
    }

    /**
     * Runs of one, two and three coordinates, updated as parallel tasks, give the same parameters and
     * state, bit for bit, as the whole model in one run: for Adam and AdamW, double and float moments,
     * with and without AMSGrad, over three steps of a model of two parameters (7 and 2 × 3 values).
     */
    @ParameterizedTest
    @ValueSource(strings = {"L2_IN_GRADIENT,false,false", "DECOUPLED,false,true", "L2_IN_GRADIENT,true,false",
            "DECOUPLED,true,true"})
    void splittingTheStepIntoParallelRunsChangesNoBit(String variant) {
        String[] parts = variant.split(",");
        AdamOptimizer.Config config = new AdamOptimizer.Config(0.9, 0.99, 1e-3, 0.05,
                AdamOptimizer.WeightDecay.valueOf(parts[0]), Boolean.parseBoolean(parts[1]), Boolean.parseBoolean(parts[2]));
        Random random = new Random(11);
        double[][] gradients = new double[3][13];
        for (double[] g : gradients) {
            for (int i = 0; i < g.length; i++) {
                g[i] = random.nextGaussian() * (i % 4 == 0 ? 1e-3 : 1);
            }
        }
        ParameterSet whole = twoParameters(random.doubles(13).toArray());
        ParameterSet start = whole.copy();
        AdamOptimizer reference = new AdamOptimizer("adam", config);
        for (double[] g : gradients) {
            reference.step(whole, twoParameters(g), 0.01);
        }
        for (int segment : new int[] {1, 2, 3}) {
            ParameterSet split = start.copy();
            AdamOptimizer adam = new AdamOptimizer("adam", config, segment);
            for (double[] g : gradients) {
                adam.step(split, twoParameters(g), 0.01);
            }
            for (String name : whole.names()) {
                assertArrayEquals(whole.values(name), split.values(name),
                        name + " in runs of " + segment);
                for (String slot : reference.state().slots().keySet()) {
                    assertArrayEquals(reference.state().slots().get(slot).values(name),
                            adam.state().slots().get(slot).values(name), slot + " of " + name + " in runs of " + segment);
                }
            }
        }
        assertTrue(whole.values("b")[0] != start.values("b")[0], "the steps moved the parameters");
    }

    /** The first 7 values as parameter "a" [7], the other 6 as "b" [2, 3]. */
    private static ParameterSet twoParameters(double[] values) {
        return new ParameterSet(List.of(new Parameter("a", new int[] {7}, Arrays.copyOfRange(values, 0, 7)),
                new Parameter("b", new int[] {2, 3}, Arrays.copyOfRange(values, 7, 13))));
    }

    @Test
    void singlePrecisionStateStoresTheMomentsAsFloats() {
        Map<String, String> options = new java.util.HashMap<>(OPTIONS);
        options.put("state_precision", "float32");
        Optimizer adam = create(new AdamProvider(), options);
        double[][] theta = twoSteps(adam);
        for (int i = 0; i < 2; i++) {
            // The paper's two steps, each step computed in doubles, the moments stored as floats between steps.
            double d1 = G1[i] + 0.2 * THETA[i];
            double m1 = 0.1 * d1;
            double v1 = 0.01 * d1 * d1;
            double theta1 = THETA[i] - 0.1 * ((m1 / 0.1) / (Math.sqrt(v1 / 0.01) + 0.01));
            double d2 = G2[i] + 0.2 * theta1;
            double m2 = 0.9 * (float) m1 + 0.1 * d2;
            double v2 = 0.99 * (float) v1 + 0.01 * d2 * d2;
            double theta2 = theta1 - 0.1 * ((m2 / (1 - 0.9 * 0.9)) / (Math.sqrt(v2 / (1 - 0.99 * 0.99)) + 0.01));
            assertEquals(theta1, theta[0][i], 1e-15, "step 1, coordinate " + i);
            assertEquals(theta2, theta[1][i], 1e-15, "step 2, coordinate " + i);
            assertEquals((float) m2, adam.state().slots().get("m").values("w")[i], 0, "the saved moment is the float");
            double exact = reference(THETA[i], G1[i], G2[i], false)[1];
            assertTrue(Math.abs(theta2 - exact) > 0, "rounding the moments is visible");
            assertEquals(exact, theta2, 1e-7 * Math.abs(exact), "and small");
        }
        assertEquals("float64", Options.defaults(new AdamProvider().info()).string("state_precision"));
    }

    @Test
    void defaultsFollowThePapers() {
        Options adam = Options.defaults(new AdamProvider().info());
        Options adamw = Options.defaults(new AdamWProvider().info());
        assertEquals(0.9, adam.real("beta1"));
        assertEquals(0.999, adam.real("beta2"));
        assertEquals(1e-8, adam.real("eps"));
        assertEquals(0, adam.real("weight_decay"));
        assertEquals(0.01, adamw.real("weight_decay"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta1=1", "beta1=-0.1", "beta2=1", "eps=0", "eps=-1e-8", "weight_decay=-0.01",
            "beta1=NaN", "learning_rate=0.1"})
    void invalidOptionsAreRejected(String assignment) {
        String[] kv = assignment.split("=");
        for (PluginProvider<?> provider : List.of(new AdamProvider(), new AdamWProvider())) {
            var e = assertThrows(GramianException.class,
                    () -> Options.resolve(provider.info(), Map.of(kv[0], kv[1])));
            assertEquals(GramianException.Category.USAGE, e.category());
            assertTrue(e.getMessage().contains("'" + kv[0] + "'"), e.getMessage());
        }
    }

    @Test
    void stateHoldsBothMomentsAndRejectsSgdMomentum() {
        Optimizer adam = create(new AdamProvider(), OPTIONS);
        twoSteps(adam);
        assertEquals(List.of("m", "v"), List.copyOf(adam.state().slots().keySet()));
        assertEquals(2, adam.state().steps());

        Optimizer sgd = new SgdProvider().create(Options.resolve(new SgdProvider().info(), Map.of("momentum", "0.9")));
        sgd.step(vector(THETA), vector(G1), 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> create(new AdamWProvider(), Map.of())
                .restore(sgd.state()));
        assertTrue(e.getMessage().contains("optimizer 'adamw': cannot restore a state with slots [momentum]; "
                + "this optimiser keeps [m, v]"), e.getMessage());
    }

    @Test
    void amsgradDividesByTheLargestSecondMomentSoFar() {
        // One coordinate, lr = 0.1, β1 = 0.9, β2 = 0.99, ε = 0.01: gradient 1, then 0. Plain Adam's v
        // falls to 0.99·0.01 at step 2; AMSGrad keeps 0.01.
        Map<String, String> options = Map.of("beta1", "0.9", "beta2", "0.99", "eps", "0.01", "amsgrad", "true");
        Optimizer ams = create(new AdamProvider(), options);
        Optimizer plain = create(new AdamProvider(), Map.of("beta1", "0.9", "beta2", "0.99", "eps", "0.01"));
        ParameterSet a = vector(0);
        ParameterSet b = vector(0);
        for (double g : new double[] {1, 0}) {
            ams.step(a, vector(g), 0.1);
            plain.step(b, vector(g), 0.1);
        }
        double step1 = 0.1 * (0.1 / 0.1) / (Math.sqrt(0.01 / 0.01) + 0.01);
        double mHat2 = 0.09 / (1 - 0.81);
        double amsStep2 = 0.1 * mHat2 / (Math.sqrt(0.01 / (1 - 0.9801)) + 0.01);
        double plainStep2 = 0.1 * mHat2 / (Math.sqrt(0.0099 / (1 - 0.9801)) + 0.01);
        assertEquals(-step1 - amsStep2, a.values("w")[0], 1e-15);
        assertEquals(-step1 - plainStep2, b.values("w")[0], 1e-15);
        assertEquals(List.of("m", "v", "v_max"), ams.state().slots().keySet().stream().sorted().toList());
        Map<String, String> compact = new java.util.HashMap<>(options);
        compact.put("state_precision", "float32");
        Optimizer floats = create(new AdamProvider(), compact);
        ParameterSet c = vector(0);
        for (double g : new double[] {1, 0}) {
            floats.step(c, vector(g), 0.1);
        }
        assertEquals(a.values("w")[0], c.values("w")[0], 1e-7, "float32 moments");
    }
}
