package dev.gramian.runtime.tensorflow.lm;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the fast Gram path needs to know of a network, recorded while the network is built: each
 * trainable linear layer {@code z = a·W (+ b)} (its parameters, input and output, and whether its
 * rows are the batch's positions or its scored positions), each trainable norm (its normalised input
 * and output), and the embedding sum with a way to build the embedding of a direction in parameter
 * space. An architecture made of these parts gets the one-pass Gram entries and slopes of
 * {@link GhostGram} by recording them here; frozen layers are not recorded.
 *
 * @param <T> the graph's floating type
 */
public final class GramTape<T extends TFloating> {

    /**
     * A linear layer {@code z = a·W (+ b)}.
     *
     * @param weight     W's parameter name
     * @param bias       b's parameter name, or null without a bias
     * @param input      a, {@code [rows, in]}
     * @param output     z, {@code [rows, out]}
     * @param in         a's width
     * @param out        z's width
     * @param transposed whether W is stored {@code [out, in]} (z = a·Wᵀ, as nn.Linear) instead of {@code [in, out]}
     * @param scored     whether the rows are the scored positions ({@code [N·S]}) rather than all ({@code [N·T]})
     */
    public record Linear<T extends TFloating>(String weight, String bias, Operand<T> input, Operand<T> output, int in,
                                              int out, boolean transposed, boolean scored) {
    }

    /**
     * A norm {@code y = x̂ ⊙ g (+ b)} over the positions' rows: LayerNorm, or RMSNorm without a bias.
     *
     * @param gain       g's parameter name
     * @param bias       b's parameter name, or null
     * @param normalised x̂, {@code [N·T, d]}
     * @param output     y
     */
    public record Norm<T extends TFloating>(String gain, String bias, Operand<T> normalised, Operand<T> output) {
    }

    /**
     * The embedding sum {@code E[x_t] (+ P[t])}.
     *
     * @param sum           {@code [N, T, d]}
     * @param tokenTable    E's parameter name
     * @param positionTable P's parameter name, or null without learned positions
     * @param along         builds the same sum with the direction's tables in place of the parameters'
     */
    record Embedding<T extends TFloating>(Operand<T> sum, String tokenTable, String positionTable,
                                          Supplier<Operand<T>> along) {
    }

    private final List<Linear<T>> linears = new ArrayList<>();
    private final List<Norm<T>> norms = new ArrayList<>();
    private Embedding<T> embedding;

    /** Records a linear layer. */
    public void linear(Linear<T> layer) {
        linears.add(layer);
    }

    /** Records a norm. */
    public void norm(Norm<T> norm) {
        norms.add(norm);
    }

    /**
     * Records the embedding sum ({@code [N, T, d]}) of the token table and the position table (null
     * without one), and how to build the same sum with the direction's tables in place of the
     * parameters' (built only if slopes are asked for). A linear layer on the scored rows whose
     * weight is the token table (a tied output head) is allowed: its Gram cross terms with the
     * embedding are added.
     */
    public void embedding(Operand<T> sum, String tokenTable, String positionTable, Supplier<Operand<T>> along) {
        this.embedding = new Embedding<>(sum, tokenTable, positionTable, along);
    }

    List<Linear<T>> linears() {
        return linears;
    }

    List<Norm<T>> norms() {
        return norms;
    }

    /** The embedding, or null when the tables are frozen. */
    Embedding<T> embedding() {
        return embedding;
    }
}
