package dev.gramian.optimizers;

import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.random.SplitMix64;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the {@link Optimizer} contract promises, checked for every built-in optimiser as the plugin
 * catalog creates it, on the quadratic f(θ) = ½ Σ a_i (θ_i − c_i)² split over two parameters.
 */
class OptimizerContractTest {
    private static final PluginCatalog CATALOG = PluginCatalog.load(List.of());
    private static final double[] CURVATURE = {1, 10, 0.5, 4};
    private static final double[] TARGET = {3, -1, 2, 0.25};

    @TempDir
    Path dir;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", Map.of()),
                Arguments.of("sgd", Map.of("momentum", "0.9", "weight_decay", "0.01")),
                Arguments.of("sgd", Map.of("momentum", "0.8", "nesterov", "true")),
                Arguments.of("adam", Map.of("weight_decay", "0.01")),
                Arguments.of("adam", Map.of("state_precision", "float32")),
                Arguments.of("adamw", Map.of()));
    }

    private static Optimizer create(String id, Map<String, String> options) {
        return CATALOG.create(PluginKind.OPTIMIZER, id, options, Optimizer.class);
    }

    /** θ = (w0, w1, w2) and b = (b0), all zero. */
    private static ParameterSet start() {
        return new ParameterSet(List.of(new Parameter("w", new int[] {3}, new double[3]),
                new Parameter("b", new int[] {1}, new double[1])));
    }

    private static double[] flat(ParameterSet set) {
        return new double[] {set.values("w")[0], set.values("w")[1], set.values("w")[2], set.values("b")[0]};
    }

    /** The quadratic's gradient at θ, plus a little noise so that every step's input depends on the RNG. */
    private static ParameterSet gradient(ParameterSet theta, SplitMix64 rng, double noise) {
        double[] x = flat(theta);
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = CURVATURE[i] * (x[i] - TARGET[i]) + noise * (rng.nextDouble() - 0.5);
        }
        return new ParameterSet(List.of(new Parameter("w", new int[] {3}, Arrays.copyOf(g, 3)),
                new Parameter("b", new int[] {1}, new double[] {g[3]})));
    }

    private static double learningRate(long step) {
        return 0.05 / (1 + 0.1 * step);
    }

    private static long[] bits(ParameterSet set) {
        return Arrays.stream(flat(set)).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void leavesTheGradientUntouched(String id, Map<String, String> options) {
        Optimizer optimizer = create(id, options);
        ParameterSet theta = start();
        var rng = new SplitMix64(1);
        for (int step = 0; step < 3; step++) {
            ParameterSet g = gradient(theta, rng, 0.1);
            long[] before = bits(g);
            optimizer.step(theta, g, 0.01);
            assertArrayEquals(before, bits(g));
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void resumingThroughACheckpointContinuesBitIdentically(String id, Map<String, String> options) {
        int total = 12;
        int interruptAt = 5;
        Optimizer uninterrupted = create(id, options);
        ParameterSet expected = start();
        var rng = new SplitMix64(2024);
        for (int step = 0; step < total; step++) {
            uninterrupted.step(expected, gradient(expected, rng, 0.5), learningRate(step));
        }

        Optimizer first = create(id, options);
        ParameterSet theta = start();
        var firstRng = new SplitMix64(2024);
        for (int step = 0; step < interruptAt; step++) {
            first.step(theta, gradient(theta, firstRng, 0.5), learningRate(step));
        }
        Path file = dir.resolve("resume.ckpt");
        CheckpointFile.write(file, new Checkpoint(Map.of(), interruptAt, firstRng.state(), theta,
                first.state(), Map.of("optimizer", id)));

        Checkpoint checkpoint = CheckpointFile.read(file);
        Optimizer second = create(id, options);
        second.restore(checkpoint.optimizer());
        ParameterSet resumed = checkpoint.parameters();
        var resumedRng = new SplitMix64(checkpoint.rngState());
        for (long step = checkpoint.step(); step < total; step++) {
            second.step(resumed, gradient(resumed, resumedRng, 0.5), learningRate(step));
        }
        assertArrayEquals(bits(expected), bits(resumed));
        assertEquals(uninterrupted.state(), second.state());
        assertEquals(total, second.state().steps());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void stateAndRestoreAreDeepCopies(String id, Map<String, String> options) {
        Optimizer optimizer = create(id, options);
        ParameterSet theta = start();
        var rng = new SplitMix64(3);
        optimizer.step(theta, gradient(theta, rng, 0), 0.01);
        OptimizerState saved = optimizer.state();
        OptimizerState reference = optimizer.state();
        optimizer.step(theta, gradient(theta, rng, 0), 0.01);
        assertEquals(reference, saved, "state() must not change when the optimiser steps on");

        Optimizer restored = create(id, options);
        restored.restore(saved);
        saved.slots().values().forEach(slot -> slot.scale(7));
        assertEquals(reference, restored.state(), "restore must copy, not alias, the given state");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void convergesToTheMinimumOfTheQuadraticPlusItsL2Penalty(String id, Map<String, String> options) {
        Optimizer optimizer = create(id, options);
        ParameterSet theta = start();
        var rng = new SplitMix64(4);
        boolean adaptive = id.startsWith("adam");
        for (int step = 0; step < 1500; step++) {
            // Adam's step length does not shrink with the gradient, so it needs a decaying rate.
            double lr = adaptive ? 0.1 * Math.pow(0.995, step) : 0.09;
            optimizer.step(theta, gradient(theta, rng, 0), lr);
        }
        // sgd and adam add λθ to the gradient, so they minimise f + λ/2 |θ|², whose minimum is at
        // a c / (a + λ); adamw's decoupled decay is not a penalty on f and only nudges θ toward 0.
        double l2 = id.equals("adamw") ? 0 : Double.parseDouble(options.getOrDefault("weight_decay", "0"));
        double tolerance = id.equals("adamw") ? 0.01 : 1e-4;
        double[] x = flat(theta);
        for (int i = 0; i < x.length; i++) {
            double minimum = CURVATURE[i] * TARGET[i] / (CURVATURE[i] + l2);
            assertEquals(minimum, x[i], tolerance, id + " " + options + " coordinate " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void rejectsAForeignState(String id, Map<String, String> options) {
        Optimizer optimizer = create(id, options);
        ParameterSet slot = start();
        var foreign = new OptimizerState(3, Map.of("velocity", slot));
        var e = assertThrows(IllegalArgumentException.class, () -> optimizer.restore(foreign));
        assertTrue(e.getMessage().contains("optimizer '" + id + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("[velocity]"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void rejectsAStateOrGradientOfAnotherLayout(String id, Map<String, String> options) {
        Optimizer trained = create(id, options);
        ParameterSet theta = start();
        trained.step(theta, gradient(theta, new SplitMix64(5), 0), 0.01);

        ParameterSet other = new ParameterSet(List.of(new Parameter("w", new int[] {4}, new double[4]),
                new Parameter("b", new int[] {1}, new double[1])));
        Optimizer resumed = create(id, options);
        resumed.restore(trained.state());
        boolean hasSlots = !trained.state().slots().isEmpty();
        if (hasSlots) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> resumed.step(other, other.zerosLike(), 0.01));
            assertTrue(e.getMessage().contains("'w' [3] instead of 'w' [4]"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> create(id, options).step(theta, other, 0.01));
        assertTrue(e.getMessage().contains("the gradient does not match"), e.getMessage());
        assertNotEquals(0, theta.values("w")[0], "the step before the failures did move θ");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void rejectsInvalidLearningRates(String id, Map<String, String> options) {
        Optimizer optimizer = create(id, options);
        ParameterSet theta = start();
        ParameterSet g = theta.zerosLike();
        for (double lr : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> optimizer.step(theta, g, lr));
        }
        assertEquals(0, optimizer.state().steps());
    }
}
