package dev.gramian.runtime.tensorflow.graph;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;
import dev.gramian.api.param.ParameterSet;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One graph and its session, with a placeholder per parameter. The parameters live in a
 * {@link ParameterSet} on the heap and are fed on every run, so snapshots, optimisers and
 * checkpoints never touch TensorFlow. Subclasses (or the builders they hand this graph to) add their
 * model's ops; gradients are added once and reused. Every run feeds and fetches through a
 * {@link SessionRun}, which closes what it fed. Not thread-safe.
 *
 * @param <T> the graph's floating type
 */
public class ModelGraph<T extends TFloating> implements AutoCloseable {
    protected final Graph graph;
    protected final Ops tf;
    protected final Class<T> type;
    protected final TensorAlgebra<T> algebra;
    private final Class<? extends TFloating> productType;
    private final Session session;
    private final Map<String, Placeholder<T>> parameterInputs = new LinkedHashMap<>();
    private final Map<String, Placeholder<T>> directionInputs = new LinkedHashMap<>();
    private int gradientCount;
    private boolean closed;

    /** An empty graph with a session configured by {@code settings}. */
    @SuppressWarnings("unchecked")
    protected ModelGraph(SessionSettings settings) {
        this.type = (Class<T>) settings.precision().type();
        this.graph = new Graph();
        this.tf = Ops.create(graph);
        this.algebra = new TensorAlgebra<>(tf, type);
        this.productType = settings.precision().productType();
        this.session = new Session(graph, settings.configProto());
    }

    /** The graph's ops, for the classes that build a model's parts into it. */
    public final Ops tf() {
        return tf;
    }

    /** The graph's floating type. */
    public final Class<T> type() {
        return type;
    }

    /** The scalar algebra over the graph's tensors, which margin losses are written against. */
    public final TensorAlgebra<T> algebra() {
        return algebra;
    }

    /**
     * The matrix product {@code a·b} ({@code b} transposed if asked) in the precision's product
     * type: under {@link Precision#BFLOAT16} both operands are cast to bfloat16 and the product
     * back to the graph's type (the casts' gradients carry the backward pass through the same
     * bfloat16 products); otherwise a plain MatMul.
     */
    public final Operand<T> matMul(Operand<T> a, Operand<T> b, boolean transposeB) {
        if (productType == type) {
            return tf.linalg.matMul(a, b, MatMul.transposeB(transposeB));
        }
        return lowered(productType, a, b, transposeB, false);
    }

    /** The batched product {@code x·y} ({@code y} adjoint if asked) in the precision's product type, as {@link #matMul}. */
    public final Operand<T> batchMatMul(Operand<T> x, Operand<T> y, boolean adjointY) {
        if (productType == type) {
            return tf.train.batchMatMul(x, y, type, BatchMatMul.adjY(adjointY));
        }
        return lowered(productType, x, y, adjointY, true);
    }

    /** {@code a·b} or the batched product, computed in {@code low} and cast back to the graph's type. */
    private <U extends TFloating> Operand<T> lowered(Class<U> low, Operand<T> a, Operand<T> b, boolean transposeB,
                                                     boolean batched) {
        Operand<U> la = tf.dtypes.cast(a, low);
        Operand<U> lb = tf.dtypes.cast(b, low);
        Operand<U> product = batched ? tf.train.batchMatMul(la, lb, low, BatchMatMul.adjY(transposeB))
                : tf.linalg.matMul(la, lb, MatMul.transposeB(transposeB));
        return tf.dtypes.cast(product, type);
    }

    /** Declares a placeholder for every parameter of {@code layout}, in its order. */
    protected final void declareParameters(ParameterSet layout) {
        for (ParameterSet.Parameter p : layout.parameters()) {
            parameterInputs.put(p.name(), tf.withName(safeName(p.name())).placeholder(type,
                    Placeholder.shape(shapeOf(p.shape()))));
        }
    }

    /** Whether {@code name} is one of the declared parameters. */
    public final boolean hasParameter(String name) {
        return parameterInputs.containsKey(name);
    }

    /** The declared parameters' names, in layout order. */
    public final java.util.Set<String> parameterNames() {
        return java.util.Collections.unmodifiableSet(parameterInputs.keySet());
    }

    /** The placeholder of parameter {@code name}. */
    public final Operand<T> parameter(String name) {
        Placeholder<T> input = parameterInputs.get(name);
        if (input == null) {
            throw new IllegalStateException("no parameter input '" + name + "'");
        }
        return input;
    }

    /**
     * The placeholder of parameter {@code name}'s part of a direction in parameter space (same
     * shape), declared on first use; {@link #feedDirection} feeds it.
     */
    public final Operand<T> direction(String name) {
        return directionInputs.computeIfAbsent(name, n -> tf.withName("direction_" + safeName(n))
                .placeholder(type, Placeholder.shape(parameter(n).shape())));
    }

    /** Feeds into {@code run} the parts of {@code direction} that ops declared with {@link #direction}. */
    public final void feedDirection(SessionRun run, ParameterSet direction) {
        for (Map.Entry<String, Placeholder<T>> input : directionInputs.entrySet()) {
            ParameterSet.Parameter p = direction.get(input.getKey());
            run.feed(input.getValue(), p.shape(), p.values());
        }
    }

    /** The parameter placeholders as gradient targets, in layout order. */
    protected final Output<?>[] parameterOutputs() {
        return parameterInputs.values().stream().map(Placeholder::asOutput).toArray(Output<?>[]::new);
    }

    /**
     * Adds the gradient of {@code Σ seed · y} with respect to {@code xs}; {@code seed} has the
     * shape of {@code y}. An explicit seed also keeps the gradient graph differentiable again.
     */
    public final List<Operand<T>> gradients(Operand<T> y, Operand<T> seed, List<? extends Operand<?>> xs) {
        Output<?>[] targets = xs.stream().map(Operand::asOutput).toArray(Output<?>[]::new);
        Output<?>[] grads = graph.addGradients("gradients" + (gradientCount++), new Output<?>[]{y.asOutput()},
                targets, new Output<?>[]{seed.asOutput()});
        List<Operand<T>> result = new ArrayList<>(grads.length);
        for (Output<?> g : grads) {
            @SuppressWarnings("unchecked")
            Operand<T> typed = (Operand<T>) g;
            result.add(typed);
        }
        return result;
    }

    /** Gradients of {@code y} with respect to every parameter, in layout order. */
    public final List<Operand<T>> parameterGradients(Operand<T> y, Operand<T> seed) {
        return gradients(y, seed, new ArrayList<>(parameterInputs.values()));
    }

    /** A scalar constant of the graph's type. */
    public final Operand<T> constant(double value) {
        return algebra.constant(value);
    }

    /** A run of the session with nothing fed yet (see {@link SessionRun}). */
    public final SessionRun newRun() {
        return new SessionRun(this, session.runner());
    }

    /**
     * A run of the session with every parameter of {@code values} fed; it owns the tensors fed into
     * it (see {@link SessionRun}).
     */
    public final SessionRun newRun(ParameterSet values) {
        SessionRun run = new SessionRun(this, session.runner());
        try {
            for (ParameterSet.Parameter p : values.parameters()) {
                run.feed(parameter(p.name()), p.shape(), p.values());
            }
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /**
     * Copies results {@code first, first + 1, ...} of {@code result}, one per parameter of
     * {@code into} in layout order, into its values.
     */
    public static void readInto(Result result, int first, ParameterSet into) {
        int i = first;
        for (ParameterSet.Parameter p : into.parameters()) {
            double[] g = doubles(result.get(i++));
            System.arraycopy(g, 0, p.values(), 0, g.length);
        }
    }

    /**
     * A tensor of the graph's type holding {@code values} (row-major) with the given shape. Float32
     * tensors are written in chunks straight from the doubles, so no float copy of a large weight
     * passes through the heap; a large one in parallel runs ({@link #inRuns}).
     */
    public final Tensor tensorOf(int[] shape, double[] values) {
        Shape s = shapeOf(shape);
        if (type == TFloat64.class) {
            return TFloat64.tensorOf(s, DataBuffers.of(values, true, false));
        }
        return TFloat32.tensorOf(s, t -> {
            FloatDataBuffer target = t.asRawTensor().data().asFloats();
            inRuns(values.length, (from, to) -> {
                float[] chunk = new float[Math.min(CHUNK, to - from)];
                for (int start = from; start < to; start += CHUNK) {
                    int n = Math.min(CHUNK, to - start);
                    for (int i = 0; i < n; i++) {
                        chunk[i] = (float) values[start + i];
                    }
                    target.offset(start).write(chunk, 0, n);
                }
            });
        });
    }

    /** The elements converted per chunk between float32 tensors and double arrays. */
    private static final int CHUNK = 1 << 16;

    /** The elements one task converts: a 124M-parameter model's feed makes about 120 tasks. */
    private static final int RUN = 1 << 20;

    /** Work on the elements {@code [from, to)} of an array, touching no other element. */
    @FunctionalInterface
    private interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, length)} in runs of at most {@link #RUN} elements, in parallel
     * when there are several. Each element is converted on its own, so the result is the same
     * however the runs are scheduled.
     */
    private static void inRuns(int length, RangeTask task) {
        int runs = (int) ((length + (long) RUN - 1) / RUN);
        if (runs <= 1) {
            task.run(0, length);
            return;
        }
        IntStream.range(0, runs).parallel().forEach(r -> task.run(r * RUN, Math.min(length, (r + 1) * RUN)));
    }

    /**
     * The parameters of {@code values} as tensors of the graph's type, made once and fed to several
     * runs ({@link #newRun(ParameterFeed)}); the caller closes them.
     */
    public final ParameterFeed feed(ParameterSet values) {
        Map<Operand<T>, Tensor> tensors = new LinkedHashMap<>();
        try {
            for (ParameterSet.Parameter p : values.parameters()) {
                Operand<T> input = parameter(p.name());
                tensors.put(input, tensorOf(p.shape(), p.values()));
            }
        } catch (RuntimeException e) {
            tensors.values().forEach(Tensor::close);
            throw e;
        }
        return new ParameterFeed(tensors);
    }

    /** A run of the session with the tensors of {@code parameters} fed (still owned by the feed). */
    public final SessionRun newRun(ParameterFeed parameters) {
        SessionRun run = newRun();
        parameters.tensors().forEach(run::feedShared);
        return run;
    }

    /**
     * Adds {@code scale ×} results {@code first, first + 1, ...} of {@code result}, one per
     * parameter of {@code into} in layout order, to its values (float32 results in chunks, a large
     * one in parallel runs).
     */
    public static void addInto(Result result, int first, ParameterSet into, double scale) {
        int i = first;
        for (ParameterSet.Parameter p : into.parameters()) {
            Tensor t = result.get(i++);
            double[] target = p.values();
            if (t instanceof TFloat32 f) {
                FloatDataBuffer source = f.asRawTensor().data().asFloats();
                inRuns(target.length, (from, to) -> {
                    float[] chunk = new float[Math.min(CHUNK, to - from)];
                    for (int start = from; start < to; start += CHUNK) {
                        int n = Math.min(CHUNK, to - start);
                        source.offset(start).read(chunk, 0, n);
                        for (int j = 0; j < n; j++) {
                            target[start + j] += scale * chunk[j];
                        }
                    }
                });
            } else {
                double[] g = doubles(t);
                for (int j = 0; j < g.length; j++) {
                    target[j] += scale * g[j];
                }
            }
        }
    }

    /** An int32 tensor. */
    protected static Tensor intTensorOf(int[] shape, int[] values) {
        return TInt32.tensorOf(shapeOf(shape), DataBuffers.of(values, true, false));
    }

    /** The elements of a floating tensor, widened to doubles. */
    public static double[] doubles(Tensor t) {
        if (t instanceof TFloat64 d) {
            double[] out = new double[Math.toIntExact(d.size())];
            d.copyTo(DataBuffers.of(out, false, false));
            return out;
        }
        if (t instanceof TFloat32 f) {
            float[] buf = new float[Math.toIntExact(f.size())];
            f.copyTo(DataBuffers.of(buf, false, false));
            double[] out = new double[buf.length];
            for (int i = 0; i < buf.length; i++) {
                out[i] = buf[i];
            }
            return out;
        }
        throw new IllegalStateException("not a floating tensor: " + t.dataType());
    }

    private static Shape shapeOf(int[] shape) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return Shape.of(dims);
    }

    private static String safeName(String name) {
        return "param_" + name.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }

    /** Closes the session and the graph; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
            graph.close();
        }
    }

    /** Splits the leading axis (2B) into the first B and the last B rows. */
    public final <U extends TType> List<Operand<U>> halves(Operand<U> x) {
        Operand<TInt32> rest = tf.slice(tf.shape(x), tf.constant(new int[]{1}), tf.constant(new int[]{-1}));
        Operand<U> split = tf.reshape(x, tf.concat(List.of(tf.constant(new int[]{2, -1}), rest), tf.constant(0)));
        var parts = tf.unstack(split, 2L);
        return List.of(parts.output().get(0), parts.output().get(1));
    }

    /**
     * The mean of a margin loss over B pairs and its parameter gradients, as graph operations.
     *
     * @param loss          the per-pair loss, run on this graph's tensor algebra
     * @param sequenceLogp  [2B] log-probabilities, chosen rows first, then rejected
     * @param referenceLogp [2B] the reference's, in the same order
     * @param lengths       [2B] response token counts, in the same order
     */
    public final MeanPairLoss<T> meanPairLoss(MarginLoss loss, Operand<T> sequenceLogp, Operand<T> referenceLogp,
                                              Operand<T> lengths) {
        List<Operand<T>> logp = halves(sequenceLogp);
        List<Operand<T>> ref = halves(referenceLogp);
        List<Operand<T>> len = halves(lengths);
        Operand<T> perPair = loss.loss(algebra, new PairTerms<>(logp.get(0), logp.get(1), ref.get(0), ref.get(1),
                len.get(0), len.get(1)));
        Operand<T> mean = tf.math.mean(perPair, tf.constant(0));
        return new MeanPairLoss<>(mean, parameterGradients(mean, constant(1)));
    }

    /** A mean pair loss and its gradients, one per parameter in layout order. */
    public record MeanPairLoss<T extends TFloating>(Operand<T> loss, List<Operand<T>> gradients) {
    }
}
