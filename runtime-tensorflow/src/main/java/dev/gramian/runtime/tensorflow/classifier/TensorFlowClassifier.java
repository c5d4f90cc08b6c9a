package dev.gramian.runtime.tensorflow.classifier;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A TensorFlow MLP or CNN classifier. Weights are drawn He-normal ({@code N(0, 2/fan_in)}) from the
 * seed in layout order, biases start at 0; the strided CNN draws weights and biases uniformly from
 * {@code ±1/√fan_in} instead, PyTorch's default for its layers, which the Fish authors' model uses. The CNN halves height and width at every conv layer,
 * so they must be divisible by {@code 2^layers}; the strided CNN takes square images whose side
 * stays even through its layers (64 or 32 with five layers).
 */
public final class TensorFlowClassifier implements ClassifierModel {
    private final ClassifierConfig config;
    private final ParameterSet parameters;
    private final ClassifierGraph<? extends TFloating> graph;

    /** A classifier of {@code config} initialised from {@code seed}, running with {@code settings}. */
    public TensorFlowClassifier(ClassifierConfig config, long seed, SessionSettings settings) {
        if (config.architecture().equals("cnn")) {
            int[] s = config.inputShape();
            int factor = 1 << config.hidden().size();
            if (s[1] % factor != 0 || s[2] % factor != 0) {
                throw GramianException.usage("cnn input " + s[1] + "x" + s[2] + " must be divisible by " + factor
                        + " (2 per conv layer, " + config.hidden().size() + " layers)");
            }
        }
        if (config.architecture().equals("strided-cnn")) {
            checkStrided(config);
        }
        this.config = config;
        this.parameters = initialise(config, seed);
        this.graph = new ClassifierGraph<>(config, parameters, settings);
    }

    private static void checkStrided(ClassifierConfig config) {
        int[] s = config.inputShape();
        if (s[1] != s[2]) {
            throw GramianException.usage("strided-cnn needs square images, got " + s[1] + "x" + s[2]);
        }
        int side = s[1];
        List<Integer> hidden = config.hidden();
        for (int i = 0; i < hidden.size(); i++) {
            int padding = ClassifierGraph.stridedPadding(side, i == hidden.size() - 1);
            if ((side + 2 * padding) % 2 != 0 || side + 2 * padding < 4) {
                throw GramianException.usage("strided-cnn layer " + (i + 1) + " of " + hidden.size() + " gets a "
                        + side + "x" + side + " input; a 4x4 stride-2 layer needs an even side of at least 2 "
                        + "(use fewer layers or another image size)");
            }
            side = ClassifierGraph.stridedSide(side, padding);
        }
    }

    private static ParameterSet initialise(ClassifierConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> shapes = ClassifierGraph.layerShapes(config);
        List<Parameter> ps = new ArrayList<>();
        boolean cnn = !config.architecture().equals("mlp");
        boolean strided = config.architecture().equals("strided-cnn");
        for (int i = 0; i < shapes.size(); i++) {
            int[] shape = shapes.get(i);
            boolean head = cnn && i == shapes.size() - 1;
            String name = cnn ? (head ? "dense0" : "conv" + i) : "dense" + i;
            int fanIn = 1;
            for (int k = 0; k < shape.length - 1; k++) {
                fanIn *= shape[k];
            }
            double[] w = new double[fanIn * shape[shape.length - 1]];
            double[] b = new double[shape[shape.length - 1]];
            if (strided) {
                double bound = 1 / Math.sqrt(fanIn);
                for (int k = 0; k < w.length; k++) {
                    w[k] = bound * (2 * random.nextDouble() - 1);
                }
                for (int k = 0; k < b.length; k++) {
                    b[k] = bound * (2 * random.nextDouble() - 1);
                }
            } else {
                double std = Math.sqrt(2.0 / fanIn);
                for (int k = 0; k < w.length; k++) {
                    double u = 1.0 - random.nextDouble();
                    w[k] = std * Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
                }
            }
            ps.add(new Parameter(name + "/w", shape, w));
            ps.add(new Parameter(name + "/b", new int[]{shape[shape.length - 1]}, b));
        }
        return new ParameterSet(ps);
    }

    @Override
    public ClassifierConfig config() {
        return config;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public LossGradient lossAndGradient(LabeledBatch batch) {
        check(batch);
        ParameterSet gradient = parameters.zerosLike();
        double loss = graph.evaluate(parameters, batch.features(), batch.labels(), gradient).loss();
        return new LossGradient(loss, gradient);
    }

    @Override
    public int[] predict(LabeledBatch batch) {
        check(batch);
        double[] logits = graph.evaluate(parameters, batch.features(), batch.labels(), null).logits();
        int k = config.classes();
        int[] predicted = new int[batch.size()];
        for (int i = 0; i < predicted.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (logits[i * k + c] > logits[i * k + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    @Override
    public LossGradient gipPenalizedLossAndGradient(List<LabeledBatch> domains, double gamma) {
        if (domains.isEmpty()) {
            throw GramianException.usage("no domains: give at least one domain batch");
        }
        List<float[]> features = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (LabeledBatch b : domains) {
            check(b);
            features.add(b.features());
            labels.add(b.labels());
        }
        ParameterSet gradient = parameters.zerosLike();
        double loss = graph.penalised(parameters, features, labels, gamma, gradient);
        return new LossGradient(loss, gradient);
    }

    private void check(LabeledBatch batch) {
        if (batch.features().length != batch.size() * config.inputSize()) {
            throw GramianException.input("batch", 0, batch.features().length + " features for " + batch.size()
                    + " examples; expected " + config.inputSize() + " per example");
        }
        for (int label : batch.labels()) {
            if (label < 0 || label >= config.classes()) {
                throw GramianException.input("batch", 0, "label " + label + " outside [0, " + config.classes() + ")");
            }
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
