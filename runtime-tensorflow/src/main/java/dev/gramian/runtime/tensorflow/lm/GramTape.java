package dev.gramian.runtime.tensorflow.lm;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the fast Gram path needs to know of a network, recorded while the network is built: each
 * linear layer {@code z = a·W + b} (its parameters, input and output), each LayerNorm (its
 * normalised input and output), and the embedding sum with a way to build the embedding of a
 * direction in parameter space. An architecture made of these parts gets the one-pass Gram
 * entries and slopes of {@link GhostGram} by recording them here.
 *
 * @param <T> the graph's floating type
 */
final class GramTape<T extends TFloating> {

    /** A linear layer {@code z = a·W + b}: its parameters' names, its input a, output z and W's shape. */
    record Linear<T extends TFloating>(String weight, String bias, Operand<T> input, Operand<T> output, int in,
                                       int out) {
    }

    /** A LayerNorm {@code y = x̂ ⊙ g + b}: its parameters' name prefix, normalised input x̂ and output y. */
    record Norm<T extends TFloating>(String prefix, Operand<T> normalised, Operand<T> output) {
    }

    private final List<Linear<T>> linears = new ArrayList<>();
    private final List<Norm<T>> norms = new ArrayList<>();
    private Operand<T> embeddingSum;
    private Supplier<Operand<T>> embeddingAlong;

    /** Records a linear layer. */
    void linear(Linear<T> layer) {
        linears.add(layer);
    }

    /** Records a LayerNorm. */
    void norm(Norm<T> norm) {
        norms.add(norm);
    }

    /**
     * Records the embedding sum ({@code [N, T, d]}) and how to build the same embedding with the
     * direction's tables in place of the parameters' (built only if slopes are asked for).
     */
    void embedding(Operand<T> sum, Supplier<Operand<T>> alongDirection) {
        this.embeddingSum = sum;
        this.embeddingAlong = alongDirection;
    }

    List<Linear<T>> linears() {
        return linears;
    }

    List<Norm<T>> norms() {
        return norms;
    }

    Operand<T> embeddingSum() {
        return embeddingSum;
    }

    /** The embedding sum with the direction's tables, {@code [N, T, d]}. */
    Operand<T> embeddingAlongDirection() {
        return embeddingAlong.get();
    }
}
