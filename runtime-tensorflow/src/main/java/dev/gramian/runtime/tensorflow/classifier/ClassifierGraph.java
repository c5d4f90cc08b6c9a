package dev.gramian.runtime.tensorflow.classifier;

import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MLP and CNN classifiers as graphs over a dynamic batch, built only from ops whose gradients are
 * themselves differentiable in TensorFlow's C++ registry, so the IDGM penalty's second-order
 * gradient works for all: convolutions are shifted matrix products, ReLU is {@code x·stopGradient(1[x > 0])} (ReluGrad has no gradient),
 * 2×2 max-pooling is a reshape and a max-reduction (MaxPoolGrad has none), and the loss is a
 * one-hot contraction of LogSoftmax. The strided convolutions of {@code strided-cnn} (4×4, stride
 * 2) regroup the padded input into 2×2 cells first ("space to depth"), which turns them into four
 * shifted matrix products over the cells; on two CPU cores that is as fast as TensorFlow's Conv2D.
 */
final class ClassifierGraph<T extends TFloating> extends ModelGraph<T> {

    /** One forward pass bound to its own input placeholders. */
    private record Head<T extends TFloating>(Placeholder<T> features, Placeholder<TInt32> labels, Operand<T> logits, Operand<T> loss) {
    }

    /** The IDGM objective for S domains. */
    private record Penalised<T extends TFloating>(List<Head<T>> domains, Placeholder<T> gamma, Operand<T> objective,
                                List<Operand<T>> gradients) {
    }

    private final ClassifierConfig config;
    private final Head<T> main;
    private final List<Operand<T>> gradients;
    private final Map<Integer, Penalised<T>> penalised = new HashMap<>();

    ClassifierGraph(ClassifierConfig config, ParameterSet layout, SessionSettings settings) {
        super(settings);
        this.config = config;
        declareParameters(layout);
        main = head("main");
        gradients = parameterGradients(main.loss(), constant(1));
    }

    private Head<T> head(String name) {
        Placeholder<T> x = tf.withName(name + "_features").placeholder(type);
        Placeholder<TInt32> y = tf.withName(name + "_labels").placeholder(TInt32.class);
        Operand<T> logits = switch (config.architecture()) {
            case "mlp" -> mlp(x);
            case "cnn" -> cnn(x);
            default -> stridedCnn(x);
        };
        Operand<T> picked = tf.sum(tf.math.mul(tf.nn.logSoftmax(logits),
                tf.oneHot(y, tf.constant(config.classes()), constant(1), constant(0))), tf.constant(1));
        Operand<T> loss = tf.math.neg(tf.math.mean(picked, tf.constant(0)));
        return new Head<>(x, y, logits, loss);
    }

    private Operand<T> relu(Operand<T> x) {
        return tf.math.mul(x, tf.stopGradient(tf.dtypes.cast(tf.math.greater(x, constant(0)), type)));
    }

    private Operand<T> dense(int index, Operand<T> x) {
        return tf.math.add(tf.linalg.matMul(x, parameter("dense" + index + "/w")), parameter("dense" + index + "/b"));
    }

    private Operand<T> mlp(Operand<T> x) {
        Operand<T> h = tf.reshape(x, tf.constant(new int[]{-1, config.inputSize()}));
        int i = 0;
        for (; i < config.hidden().size(); i++) {
            h = relu(dense(i, h));
        }
        return dense(i, h);
    }

    private Operand<T> cnn(Operand<T> x) {
        int[] shape = config.inputShape();
        Operand<T> h = tf.linalg.transpose(tf.reshape(x, tf.constant(new int[]{-1, shape[0], shape[1], shape[2]})),
                tf.constant(new int[]{0, 2, 3, 1}));
        int height = shape[1];
        int width = shape[2];
        int channels = shape[0];
        for (int i = 0; i < config.hidden().size(); i++) {
            int in = channels;
            channels = config.hidden().get(i);
            h = relu(tf.math.add(convolve(h, parameter("conv" + i + "/w"), height, width, in, channels),
                    parameter("conv" + i + "/b")));
            height /= 2;
            width /= 2;
            h = tf.max(tf.reshape(h, tf.constant(new int[]{-1, height, 2, width, 2, channels})),
                    tf.constant(new int[]{2, 4}), Max.keepDims(false));
        }
        h = tf.reshape(h, tf.constant(new int[]{-1, height * width * channels}));
        return dense(0, h);
    }

    private Operand<T> stridedCnn(Operand<T> x) {
        int[] shape = config.inputShape();
        Operand<T> h = tf.linalg.transpose(tf.reshape(x, tf.constant(new int[]{-1, shape[0], shape[1], shape[2]})),
                tf.constant(new int[]{0, 2, 3, 1}));
        int side = shape[1];
        int channels = shape[0];
        List<Integer> hidden = config.hidden();
        for (int i = 0; i < hidden.size(); i++) {
            int padding = stridedPadding(side, i == hidden.size() - 1);
            h = relu(tf.math.add(convolveStrided(h, parameter("conv" + i + "/w"), side, padding, channels,
                    hidden.get(i)), parameter("conv" + i + "/b")));
            side = stridedSide(side, padding);
            channels = hidden.get(i);
        }
        h = tf.reshape(h, tf.constant(new int[]{-1, side * side * channels}));
        return dense(0, h);
    }

    /** A strided-cnn layer's padding: 1, or 0 for a last layer on a 4×4 input (so it ends at 1×1). */
    static int stridedPadding(int side, boolean last) {
        return last && side == 4 ? 0 : 1;
    }

    /** The output side of a 4×4, stride-2 convolution of a {@code side}-wide input padded by {@code padding}. */
    static int stridedSide(int side, int padding) {
        return (side + 2 * padding - 4) / 2 + 1;
    }

    /**
     * A 4×4 convolution with stride 2 over a square input padded by {@code padding}: the padded input
     * (side p, even) regrouped into (p/2)² cells of 2×2×in values, the kernel into 2×2 taps over
     * cells, and output (i, j) the sum over taps (a, b) of cell (i + a, j + b) times tap (a, b).
     */
    private Operand<T> convolveStrided(Operand<T> x, Operand<T> kernel, int side, int padding, int in, int out) {
        Operand<T> padded = padding == 0 ? x : tf.pad(x, tf.constant(new int[][]{{0, 0}, {padding, padding},
                {padding, padding}, {0, 0}}), constant(0));
        int cells = (side + 2 * padding) / 2;
        int outSide = cells - 1;
        Operand<T> grouped = tf.reshape(tf.linalg.transpose(
                tf.reshape(padded, tf.constant(new int[]{-1, cells, 2, cells, 2, in})),
                tf.constant(new int[]{0, 1, 3, 2, 4, 5})), tf.constant(new int[]{-1, cells, cells, 4 * in}));
        // kernel [ky, kx, in, out] with ky = 2a + r, kx = 2b + s  ->  [a, b, (r, s, in), out]
        Operand<T> taps = tf.reshape(tf.linalg.transpose(
                tf.reshape(kernel, tf.constant(new int[]{2, 2, 2, 2, in, out})),
                tf.constant(new int[]{0, 2, 1, 3, 4, 5})), tf.constant(new int[]{2, 2, 4 * in, out}));
        Operand<T> sum = null;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                Operand<T> window = tf.reshape(tf.slice(grouped, tf.constant(new int[]{0, a, b, 0}),
                        tf.constant(new int[]{-1, outSide, outSide, 4 * in})), tf.constant(new int[]{-1, 4 * in}));
                Operand<T> tap = tf.reshape(tf.slice(taps, tf.constant(new int[]{a, b, 0, 0}),
                        tf.constant(new int[]{1, 1, 4 * in, out})), tf.constant(new int[]{4 * in, out}));
                Operand<T> product = tf.linalg.matMul(window, tap);
                sum = sum == null ? product : tf.math.add(sum, product);
            }
        }
        return tf.reshape(sum, tf.constant(new int[]{-1, outSide, outSide, out}));
    }

    /**
     * A 3×3 convolution with zero padding ("SAME") as nine shifted matrix products. Conv2D would do,
     * but its filter gradient (Conv2DBackpropFilter) has no gradient of its own, so the IDGM penalty
     * could not be differentiated; Pad, Slice and MatMul can be, twice.
     */
    private Operand<T> convolve(Operand<T> x, Operand<T> kernel, int height, int width, int in, int out) {
        Operand<T> padded = tf.pad(x, tf.constant(new int[][]{{0, 0}, {1, 1}, {1, 1}, {0, 0}}), constant(0));
        Operand<T> sum = null;
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                Operand<T> window = tf.reshape(tf.slice(padded, tf.constant(new int[]{0, dy, dx, 0}),
                        tf.constant(new int[]{-1, height, width, in})), tf.constant(new int[]{-1, in}));
                Operand<T> tap = tf.reshape(tf.slice(kernel, tf.constant(new int[]{dy, dx, 0, 0}),
                        tf.constant(new int[]{1, 1, in, out})), tf.constant(new int[]{in, out}));
                Operand<T> product = tf.linalg.matMul(window, tap);
                sum = sum == null ? product : tf.math.add(sum, product);
            }
        }
        return tf.reshape(sum, tf.constant(new int[]{-1, height, width, out}));
    }

    /** The parameter layout of {@code config}: weights then bias per layer. */
    static List<int[]> layerShapes(ClassifierConfig config) {
        List<int[]> shapes = new ArrayList<>();
        if (config.architecture().equals("mlp")) {
            int in = config.inputSize();
            for (int width : config.hidden()) {
                shapes.add(new int[]{in, width});
                in = width;
            }
            shapes.add(new int[]{in, config.classes()});
            return shapes;
        }
        int[] s = config.inputShape();
        int channels = s[0];
        if (config.architecture().equals("strided-cnn")) {
            int side = s[1];
            for (int i = 0; i < config.hidden().size(); i++) {
                int c = config.hidden().get(i);
                shapes.add(new int[]{4, 4, channels, c});
                side = stridedSide(side, stridedPadding(side, i == config.hidden().size() - 1));
                channels = c;
            }
            shapes.add(new int[]{side * side * channels, config.classes()});
            return shapes;
        }
        int height = s[1];
        int width = s[2];
        for (int c : config.hidden()) {
            shapes.add(new int[]{3, 3, channels, c});
            channels = c;
            height /= 2;
            width /= 2;
        }
        shapes.add(new int[]{height * width * channels, config.classes()});
        return shapes;
    }

    /** What one evaluation returns. */
    record Evaluation(double loss, double[] logits) {
    }

    private void feedHead(SessionRun run, Head<T> head, float[] features, int[] labels) {
        int n = labels.length;
        double[] x = new double[features.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = features[i];
        }
        run.feed(head.features(), new int[]{n, features.length / n}, x).feedInts(head.labels(), new int[]{n}, labels);
    }

    /** Mean cross-entropy, logits and (when {@code into} is not null) the gradient. */
    Evaluation evaluate(ParameterSet parameters, float[] features, int[] labels, ParameterSet into) {
        try (SessionRun run = newRun(parameters)) {
            feedHead(run, main, features, labels);
            run.fetch(main.loss()).fetch(main.logits());
            if (into != null) {
                run.fetchAll(gradients);
            }
            try (Result r = run.run()) {
                if (into != null) {
                    readInto(r, 2, into);
                }
                return new Evaluation(doubles(r.get(0))[0], doubles(r.get(1)));
            }
        }
    }

    /** {@code L_erm − γ·GIP} over one batch per domain, with its second-order gradient. */
    double penalised(ParameterSet parameters, List<float[]> features, List<int[]> labels, double gamma,
                     ParameterSet into) {
        Penalised<T> ops = penalised.computeIfAbsent(features.size(), this::buildPenalised);
        try (SessionRun run = newRun(parameters)) {
            for (int d = 0; d < features.size(); d++) {
                feedHead(run, ops.domains().get(d), features.get(d), labels.get(d));
            }
            run.feed(ops.gamma(), new int[0], new double[]{gamma}).fetch(ops.objective()).fetchAll(ops.gradients());
            try (Result r = run.run()) {
                readInto(r, 1, into);
                return doubles(r.get(0))[0];
            }
        }
    }

    private Penalised<T> buildPenalised(int domains) {
        List<Head<T>> heads = new ArrayList<>();
        List<List<Operand<T>>> domainGradients = new ArrayList<>();
        Operand<T> erm = constant(0);
        for (int d = 0; d < domains; d++) {
            Head<T> h = head("domain" + domains + "_" + d);
            heads.add(h);
            domainGradients.add(parameterGradients(h.loss(), constant(1)));
            erm = tf.math.add(erm, h.loss());
        }
        erm = tf.math.div(erm, constant(domains));
        Operand<T> gip = constant(0);
        for (int i = 0; i < domains; i++) {
            for (int j = i + 1; j < domains; j++) {
                for (int p = 0; p < domainGradients.get(i).size(); p++) {
                    Operand<T> gi = domainGradients.get(i).get(p);
                    Operand<T> gj = domainGradients.get(j).get(p);
                    gip = tf.math.add(gip, tf.sum(tf.math.mul(gi, gj), allAxes(gi)));
                }
            }
        }
        if (domains > 1) {
            gip = tf.math.mul(gip, constant(2.0 / (domains * (domains - 1.0))));
        }
        Placeholder<T> gamma = tf.withName("gamma" + domains).placeholder(type);
        Operand<T> objective = tf.math.sub(erm, tf.math.mul(gamma, gip));
        return new Penalised<>(heads, gamma, objective, parameterGradients(objective, constant(1)));
    }

    private Operand<TInt32> allAxes(Operand<T> x) {
        return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
    }
}
