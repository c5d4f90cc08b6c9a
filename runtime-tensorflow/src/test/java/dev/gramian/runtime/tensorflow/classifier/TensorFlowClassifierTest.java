package dev.gramian.runtime.tensorflow.classifier;

import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.Precision;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("native")
class TensorFlowClassifierTest {
    static final SessionSettings F64 = SessionSettings.defaults().withPrecision(Precision.FLOAT64);
    static final ClassifierConfig MLP = new ClassifierConfig("mlp", new int[]{5}, 3, List.of(7, 6));
    static final ClassifierConfig CNN = new ClassifierConfig("cnn", new int[]{2, 4, 4}, 2, List.of(3));

    static LabeledBatch randomBatch(ClassifierConfig config, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * config.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(config.classes());
        }
        return new LabeledBatch(x, y);
    }

    @Test
    void mlpGradientMatchesFiniteDifferences() {
        try (TensorFlowClassifier model = new TensorFlowClassifier(MLP, 1, F64)) {
            LabeledBatch batch = randomBatch(MLP, 6, 2);
            LossGradient lg = model.lossAndGradient(batch);
            checkFiniteDifferences(model.parameters(), lg.gradient(), () -> model.lossAndGradient(batch).loss());
        }
    }

    @Test
    void cnnGradientMatchesFiniteDifferences() {
        try (TensorFlowClassifier model = new TensorFlowClassifier(CNN, 1, F64)) {
            LabeledBatch batch = randomBatch(CNN, 4, 2);
            LossGradient lg = model.lossAndGradient(batch);
            checkFiniteDifferences(model.parameters(), lg.gradient(), () -> model.lossAndGradient(batch).loss());
        }
    }

    @Test
    void gipPenaltyHasExactSecondOrderGradientForMlpAndCnn() {
        for (ClassifierConfig config : List.of(MLP, CNN)) {
            try (TensorFlowClassifier model = new TensorFlowClassifier(config, 4, F64)) {
                List<LabeledBatch> domains = List.of(randomBatch(config, 4, 10), randomBatch(config, 5, 11),
                        randomBatch(config, 3, 12));
                double gamma = 2.5;
                LossGradient lg = model.gipPenalizedLossAndGradient(domains, gamma);
                // The value is L_erm − γ·GIP computed from the first-order gradients.
                double erm = 0;
                ParameterSet[] g = new ParameterSet[3];
                for (int d = 0; d < 3; d++) {
                    LossGradient one = model.lossAndGradient(domains.get(d));
                    erm += one.loss() / 3;
                    g[d] = one.gradient();
                }
                double gip = (g[0].dot(g[1]) + g[0].dot(g[2]) + g[1].dot(g[2])) / 3;
                assertEquals(erm - gamma * gip, lg.loss(), 1e-10);
                checkFiniteDifferences(model.parameters(), lg.gradient(),
                        () -> model.gipPenalizedLossAndGradient(domains, gamma).loss());
            }
        }
    }

    @Test
    void mlpLearnsSeparableBlobs() {
        ClassifierConfig config = new ClassifierConfig("mlp", new int[]{2}, 3, List.of(16));
        try (TensorFlowClassifier model = new TensorFlowClassifier(config, 7, SessionSettings.defaults())) {
            SplittableRandom random = new SplittableRandom(9);
            double[][] centres = {{2, 0}, {-1, 1.7}, {-1, -1.7}};
            for (int step = 0; step < 150; step++) {
                model.parameters().addScaled(model.lossAndGradient(blobs(centres, 32, random)).gradient(), -0.3);
            }
            LabeledBatch test = blobs(centres, 300, random);
            int[] predicted = model.predict(test);
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == test.labels()[i] ? 1 : 0;
            }
            assertTrue(correct >= 0.95 * predicted.length, "accuracy " + correct + "/" + predicted.length);
        }
    }

    @Test
    void rejectsWrongFeatureCountsAndLabels() {
        try (TensorFlowClassifier model = new TensorFlowClassifier(MLP, 1, SessionSettings.defaults())) {
            assertThrows(dev.gramian.api.GramianException.class,
                    () -> model.lossAndGradient(new LabeledBatch(new float[8], new int[]{0, 1})));
            assertThrows(dev.gramian.api.GramianException.class,
                    () -> model.lossAndGradient(new LabeledBatch(new float[10], new int[]{0, 3})));
        }
        assertThrows(dev.gramian.api.GramianException.class, () -> new TensorFlowClassifier(
                new ClassifierConfig("cnn", new int[]{1, 6, 6}, 2, List.of(2, 2)), 1, SessionSettings.defaults()));
    }

    private static LabeledBatch blobs(double[][] centres, int n, SplittableRandom random) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(centres.length);
            x[2 * i] = (float) (centres[y[i]][0] + 0.5 * (random.nextDouble() - 0.5));
            x[2 * i + 1] = (float) (centres[y[i]][1] + 0.5 * (random.nextDouble() - 0.5));
        }
        return new LabeledBatch(x, y);
    }

    static void checkFiniteDifferences(ParameterSet parameters, ParameterSet gradient, DoubleSupplier loss) {
        SplittableRandom random = new SplittableRandom(5);
        double h = 1e-6;
        for (ParameterSet.Parameter p : parameters.parameters()) {
            double[] v = p.values();
            for (int k = 0; k < 3; k++) {
                int i = random.nextInt(v.length);
                double saved = v[i];
                v[i] = saved + h;
                double up = loss.getAsDouble();
                v[i] = saved - h;
                double down = loss.getAsDouble();
                v[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, gradient.values(p.name())[i], 1e-6 + 1e-5 * Math.abs(numeric),
                        p.name() + "[" + i + "]");
            }
        }
    }
}
