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
    /** 8×8 → 4×4 (padding 1) → 1×1 (no padding on the last layer's 4×4 input), as the official encoder ends. */
    static final ClassifierConfig STRIDED = new ClassifierConfig("strided-cnn", new int[]{2, 8, 8}, 2, List.of(3, 2));

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
    void cnnAndStridedCnnGradientsMatchFiniteDifferences() {
        for (ClassifierConfig config : List.of(CNN, STRIDED)) {
            try (TensorFlowClassifier model = new TensorFlowClassifier(config, 1, F64)) {
                LabeledBatch batch = randomBatch(config, 4, 2);
                LossGradient lg = model.lossAndGradient(batch);
                checkFiniteDifferences(model.parameters(), lg.gradient(), () -> model.lossAndGradient(batch).loss());
            }
        }
    }

    @Test
    void stridedCnnComputesTheStridedConvolutionsOfTheOfficialEncoder() {
        ClassifierConfig config = new ClassifierConfig("strided-cnn", new int[]{3, 8, 8}, 2, List.of(4, 3));
        LabeledBatch batch = randomBatch(config, 3, 7);
        try (TensorFlowClassifier model = new TensorFlowClassifier(config, 3, F64);
             ClassifierGraph<?> graph = new ClassifierGraph<>(config, model.parameters(), F64)) {
            ParameterSet p = model.parameters();
            assertEquals(List.of("conv0/w", "conv0/b", "conv1/w", "conv1/b", "dense0/w", "dense0/b"),
                    p.parameters().stream().map(ParameterSet.Parameter::name).toList());
            assertEquals(List.of(4, 4, 3, 4), java.util.Arrays.stream(p.get("conv0/w").shape()).boxed().toList());
            assertEquals(List.of(3, 2), java.util.Arrays.stream(p.get("dense0/w").shape()).boxed().toList());
            double[] logits = graph.evaluate(p, batch.features(), batch.labels(), null).logits();
            int size = config.inputSize();
            for (int n = 0; n < batch.size(); n++) {
                double[][][] image = new double[3][8][8];
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            image[c][y][x] = batch.features()[n * size + (c * 8 + y) * 8 + x];
                        }
                    }
                }
                double[][][] h = convolve(image, p.get("conv0/w"), p.values("conv0/b"), 1);
                h = convolve(h, p.get("conv1/w"), p.values("conv1/b"), 0);
                for (int k = 0; k < 2; k++) {
                    double expected = p.values("dense0/b")[k];
                    for (int c = 0; c < 3; c++) {
                        expected += h[c][0][0] * p.values("dense0/w")[c * 2 + k];
                    }
                    assertEquals(expected, logits[n * 2 + k], 1e-9, "example " + n + ", logit " + k);
                }
            }
        }
    }

    /** ReLU of a 4×4, stride-2 convolution with zero padding, written out directly; kernel [ky, kx, in, out]. */
    private static double[][][] convolve(double[][][] in, ParameterSet.Parameter kernel, double[] bias, int padding) {
        int channels = in.length;
        int side = in[0].length;
        int outs = kernel.shape()[3];
        int outSide = (side + 2 * padding - 4) / 2 + 1;
        double[][][] out = new double[outs][outSide][outSide];
        for (int o = 0; o < outs; o++) {
            for (int i = 0; i < outSide; i++) {
                for (int j = 0; j < outSide; j++) {
                    double sum = bias[o];
                    for (int ky = 0; ky < 4; ky++) {
                        for (int kx = 0; kx < 4; kx++) {
                            int y = 2 * i + ky - padding;
                            int x = 2 * j + kx - padding;
                            if (y < 0 || x < 0 || y >= side || x >= side) {
                                continue;
                            }
                            for (int c = 0; c < channels; c++) {
                                sum += in[c][y][x] * kernel.values()[((ky * 4 + kx) * channels + c) * outs + o];
                            }
                        }
                    }
                    out[o][i][j] = Math.max(0, sum);
                }
            }
        }
        return out;
    }

    @Test
    void gipPenaltyHasExactSecondOrderGradientForEveryArchitecture() {
        for (ClassifierConfig config : List.of(MLP, CNN, STRIDED)) {
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
        var tooDeep = assertThrows(dev.gramian.api.GramianException.class, () -> new TensorFlowClassifier(
                new ClassifierConfig("strided-cnn", new int[]{1, 8, 8}, 2, List.of(2, 2, 2, 2)), 1,
                SessionSettings.defaults()));
        assertTrue(tooDeep.getMessage().contains("layer 4 of 4 gets a 1x1 input"), tooDeep.getMessage());
        assertThrows(dev.gramian.api.GramianException.class, () -> new TensorFlowClassifier(
                new ClassifierConfig("strided-cnn", new int[]{1, 8, 6}, 2, List.of(2)), 1, SessionSettings.defaults()));
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
