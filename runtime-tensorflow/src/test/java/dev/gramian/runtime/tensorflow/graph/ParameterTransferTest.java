package dev.gramian.runtime.tensorflow.graph;

import dev.gramian.api.param.ParameterSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameters cross between the heap's doubles and float32 tensors element by element, also when a
 * large one is converted in parallel runs: a 2.5M-element parameter (three runs) is fed, doubled in
 * the graph, and added back into a gradient with a scale, and every element matches the scalar
 * float arithmetic.
 */
@Tag("native")
class ParameterTransferTest {
    private static final int LENGTH = 2_500_000;

    private static final class Harness extends ModelGraph<TFloat32> {
        Harness(ParameterSet layout) {
            super(SessionSettings.defaults());
            declareParameters(layout);
        }

        /** Feeds {@code values} as parameter "w", fetches 2·w and adds {@code scale ×} it into {@code into}. */
        void doubleAndAdd(ParameterSet values, ParameterSet into, double scale) {
            Operand<TFloat32> w = parameter("w");
            Operand<TFloat32> twice = tf.math.add(w, w);
            try (ParameterFeed feed = feed(values); SessionRun run = newRun(feed).fetch(twice); Result r = run.run()) {
                addInto(r, 0, into, scale);
            }
        }
    }

    @Test
    void largeParametersConvertElementByElement() {
        Random random = new Random(5);
        double[] values = new double[LENGTH];
        double[] start = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            values[i] = random.nextGaussian() * (1 + i % 7);
            start[i] = random.nextGaussian();
        }
        ParameterSet parameters = new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[]{LENGTH}, values)));
        ParameterSet gradient = new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[]{LENGTH}, start.clone())));
        try (Harness h = new Harness(parameters)) {
            h.doubleAndAdd(parameters, gradient, 0.25);
        }
        double[] out = gradient.values("w");
        for (int i = 0; i < LENGTH; i++) {
            float f = (float) values[i];
            assertEquals(start[i] + 0.25 * (float) (f + f), out[i], 0, "element " + i);
        }
    }
}
