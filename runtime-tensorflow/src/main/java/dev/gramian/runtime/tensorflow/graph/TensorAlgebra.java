package dev.gramian.runtime.tensorflow.graph;

import dev.gramian.api.algebra.ScalarAlgebra;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The scalar algebra on graph tensors: every operation adds element-wise ops to the graph, so a
 * {@link dev.gramian.api.objective.MarginLoss} written once runs vectorised over a batch of pairs
 * and is differentiated by TensorFlow. Stable forms are built from ops whose gradients are finite
 * everywhere (both branches of a select are evaluated, so each branch's input is clamped).
 *
 * @param <T> the floating type of the graph
 */
public final class TensorAlgebra<T extends TFloating> implements ScalarAlgebra<Operand<T>> {
    private final Ops tf;
    private final Class<T> type;

    /** An algebra adding ops of {@code type} through {@code tf}. */
    public TensorAlgebra(Ops tf, Class<T> type) {
        this.tf = tf;
        this.type = type;
    }

    @Override
    public Operand<T> constant(double value) {
        return tf.dtypes.cast(tf.constant(value), type);
    }

    @Override
    public Operand<T> add(Operand<T> a, Operand<T> b) {
        return tf.math.add(a, b);
    }

    @Override
    public Operand<T> sub(Operand<T> a, Operand<T> b) {
        return tf.math.sub(a, b);
    }

    @Override
    public Operand<T> mul(Operand<T> a, Operand<T> b) {
        return tf.math.mul(a, b);
    }

    @Override
    public Operand<T> div(Operand<T> a, Operand<T> b) {
        return tf.math.div(a, b);
    }

    @Override
    public Operand<T> neg(Operand<T> a) {
        return tf.math.neg(a);
    }

    @Override
    public Operand<T> exp(Operand<T> a) {
        return tf.math.exp(a);
    }

    @Override
    public Operand<T> log(Operand<T> a) {
        return tf.math.log(a);
    }

    @Override
    public Operand<T> softplus(Operand<T> a) {
        // (a + |a|)/2 + log1p(exp(-|a|)): no overflow, exact asymptotes. Not max(a, 0): TensorFlow's
        // gradient of a max at a tie is 1, which made the derivative at a = 0 (every margin at a policy's
        // first step from its reference) 1 instead of sigmoid(0) = 1/2; with |a|'s gradient sign(0) = 0
        // the halves give exactly 1/2.
        Operand<T> abs = tf.math.abs(a);
        return tf.math.add(tf.math.mul(tf.math.add(a, abs), constant(0.5)),
                tf.math.log1p(tf.math.exp(tf.math.neg(abs))));
    }

    @Override
    public Operand<T> sigmoid(Operand<T> a) {
        return tf.math.sigmoid(a);
    }

    @Override
    public Operand<T> relu(Operand<T> a) {
        return tf.nn.relu(a);
    }

    @Override
    public Operand<T> square(Operand<T> a) {
        return tf.math.mul(a, a);
    }

    @Override
    public Operand<T> log1mExp(Operand<T> a) {
        // log(-expm1(a)) near 0, log1p(-exp(a)) below -ln 2; each branch sees a clamped input.
        Operand<T> cut = constant(-Math.log(2));
        var nearZero = tf.math.greater(a, cut);
        Operand<T> near = tf.math.log(tf.math.neg(tf.math.expm1(tf.math.maximum(a, cut))));
        Operand<T> far = tf.math.log1p(tf.math.neg(tf.math.exp(tf.math.minimum(a, cut))));
        return tf.select(nearZero, near, far);
    }
}
