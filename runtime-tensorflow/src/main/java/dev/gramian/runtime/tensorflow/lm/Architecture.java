package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A causal language model's network, built into a {@link LanguageModelGraph}: from the token ids
 * it produces the logits, and records its layers on a {@link GramTape} for the fast Gram path. The
 * graph adds everything else (log-probabilities, losses, gradients, Gram entries, feeding the
 * session), so a new architecture is one more implementation of this interface.
 */
interface Architecture {

    /** What a built network hands the graph. */
    record Network<T extends TFloating>(Operand<T> logits, GramTape<T> tape) {
    }

    /**
     * Builds the network into {@code graph}, whose parameters follow this architecture's layout.
     *
     * @param inputs     the token ids, {@code [N, T]}
     * @param batchShape {@code [N, T]} as an operand
     * @return the logits {@code [N·T, V]} and the tape of the network's layers
     */
    <T extends TFloating> Network<T> build(ModelGraph<T> graph, LanguageModelConfig config, Operand<TInt32> inputs,
                                           Operand<TInt32> batchShape);
}
