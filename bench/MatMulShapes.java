// The matrix products of `gramian bench gram`'s reference step, each timed alone in TensorFlow
// (the native runtime Gramian runs on), as the step runs them: every linear layer's forward product
// x·W (W stored [in, out]), its input gradient dy·Wᵀ and its weight gradient xᵀ·dy, over R rows,
// and the attention's four batched product shapes. `matmul_peer.py` times the same products in
// PyTorch, as its nn.Linear runs them (W stored [out, in]); the FLOPs are the same, so the rows
// compare kernel against kernel. Prints one row per product: median milliseconds over REPEATS
// and GFLOP/s, then the sums.
// Usage (after `mvn -q -DskipTests package`, from the repository root):
//   java -cp 'cli/target/lib/*' bench/MatMulShapes.java [ROWS] [REPEATS]
// A documentation tool: neither the tests nor CI run it.

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;

public class MatMulShapes {
    /** Width 256, MLP 1024, 4 heads of 64, 128 positions, 32 sequences: the reference step. */
    static final int[][] LINEAR = {{256, 256}, {256, 1024}, {1024, 256}};
    static final int HEADS = 4, HEAD_DIM = 64, POSITIONS = 128;

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(2)
                .setInterOpParallelismThreads(2).setUsePerSessionThreads(true).build();
        double linearMs = 0, linearFlops = 0, attentionMs = 0, attentionFlops = 0;
        try (Graph graph = new Graph(); Session session = new Session(graph, config)) {
            Ops tf = Ops.create(graph);
            for (int[] layer : LINEAR) {
                int in = layer[0], out = layer[1];
                double flops = 2.0 * rows * in * out;
                String name = in + "->" + out;
                linearMs += time(session, tf, "linear " + name + " forward", flops, repeats,
                        Shape.of(rows, in), Shape.of(in, out), false, false);
                linearMs += time(session, tf, "linear " + name + " input grad", flops, repeats,
                        Shape.of(rows, out), Shape.of(in, out), false, true);
                linearMs += time(session, tf, "linear " + name + " weight grad", flops, repeats,
                        Shape.of(rows, in), Shape.of(rows, out), true, false);
                linearFlops += 3 * flops;
            }
            int batch = rows / POSITIONS * HEADS;
            double flops = 2.0 * batch * POSITIONS * POSITIONS * HEAD_DIM;
            Shape heads = Shape.of(batch, POSITIONS, HEAD_DIM);
            Shape scores = Shape.of(batch, POSITIONS, POSITIONS);
            attentionMs += time(session, tf, "attention q·kT", flops, repeats, heads, heads, false, true);
            attentionMs += time(session, tf, "attention p·v", flops, repeats, scores, heads, false, false);
            attentionMs += time(session, tf, "attention pT·dy", flops, repeats, scores, heads, true, false);
            attentionMs += time(session, tf, "attention dy·vT", flops, repeats, heads, heads, false, true);
            attentionFlops += 4 * flops;
        }
        System.out.printf("%-32s %9.2f ms %7.1f GFLOP/s%n", "sum: linear products", linearMs, linearFlops / linearMs / 1e6);
        System.out.printf("%-32s %9.2f ms %7.1f GFLOP/s%n", "sum: attention products", attentionMs,
                attentionFlops / attentionMs / 1e6);
    }

    /** Times {@code a·b} (either transposed) and prints its row; returns the median milliseconds. */
    static double time(Session session, Ops tf, String label, double flops, int repeats, Shape a, Shape b,
                       boolean transposeA, boolean transposeB) {
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
        Placeholder<TFloat32> y = tf.placeholder(TFloat32.class);
        Operand<TFloat32> product = a.numDimensions() == 2
                ? tf.linalg.matMul(x, y, MatMul.transposeA(transposeA), MatMul.transposeB(transposeB))
                : tf.train.batchMatMul(x, y, TFloat32.class, BatchMatMul.adjX(transposeA), BatchMatMul.adjY(transposeB));
        try (TFloat32 left = TFloat32.tensorOf(a); TFloat32 right = TFloat32.tensorOf(b)) {
            double[] ms = new double[repeats];
            for (int r = -2; r < repeats; r++) {
                long start = System.nanoTime();
                session.runner().feed(x, left).feed(y, right).fetch(product).run().close();
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = ms[repeats / 2];
            System.out.printf("%-32s %9.2f ms %7.1f GFLOP/s%n", label, median, flops / median / 1e6);
            return median;
        }
    }
}
