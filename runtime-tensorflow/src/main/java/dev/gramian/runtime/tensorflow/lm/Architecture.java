package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A causal language model's network, built into a {@link LanguageModelGraph}: from the token ids
 * it produces the logits of the scored positions only, and records its trainable layers on a
 * {@link GramTape} for the fast Gram path. The graph adds everything else (log-probabilities,
 * losses, gradients, Gram entries, splitting and feeding the runs), so a new architecture — the
 * built-in Transformer, a pre-trained GPT-2 or Llama decoder, with or without an adapter — is one
 * more implementation of this interface.
 */
public interface Architecture extends AutoCloseable {

    /**
     * What the graph hands the network.
     *
     * @param ids        the token ids, {@code [N, T]}
     * @param batchShape {@code [N, T]} as an operand
     * @param scoredRows {@code [N·S]} flat positions {@code i·T + p} whose logits are wanted: the
     *                   last hidden states are gathered at these rows before the output head, so
     *                   vocabulary-sized logits exist only where a token is scored
     */
    record Inputs(Operand<TInt32> ids, Operand<TInt32> batchShape, Operand<TInt32> scoredRows) {
    }

    /**
     * What a built network hands the graph.
     *
     * @param logits {@code [N·S, V]}, at the scored rows
     * @param tape   the network's trainable layers; it must cover every parameter of the graph
     */
    record Network<T extends TFloating>(Operand<T> logits, GramTape<T> tape) {
    }

    /** Builds the network into {@code graph}, whose parameter placeholders follow this architecture's layout. */
    <T extends TFloating> Network<T> build(ModelGraph<T> graph, Inputs inputs);

    /**
     * Feeds the inputs of the network's own into a run (frozen weights, an adapter's scale, dropout),
     * as {@code evaluation} asks. The default feeds nothing.
     */
    default void feed(SessionRun run, Evaluation evaluation) {
    }

    /** Releases what the network holds besides the graph (frozen weight tensors). The default holds nothing. */
    @Override
    default void close() {
    }
}
