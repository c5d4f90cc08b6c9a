package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LanguageModelConfig;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * A decoder's wiring for one decoding step: which weights, in which order, around the cached
 * attention of {@link StepGraph#attend}. The step graph adds the inputs, the cache and the logits'
 * selection.
 */
public interface StepNetwork {

    /** The hidden states of the step's new tokens after the final norm, {@code [N·S, width]}. */
    <T extends TFloating> Operand<T> hidden(StepGraph<T> step);

    /** The logits {@code [R, V]} of hidden rows {@code [R, width]}. */
    <T extends TFloating> Operand<T> logits(StepGraph<T> step, Operand<T> hidden);

    /** The sizes the step graph and the cache need. */
    Dimensions dimensions();

    /**
     * @param layers         blocks, each with its own cache
     * @param keyValueHeads  key/value heads per block
     * @param headDim        width of one head
     * @param vocabularySize token ids
     * @param context        the most positions
     */
    record Dimensions(int layers, int keyValueHeads, int headDim, int vocabularySize, int context) {
    }

    /** The built-in Transformer of {@code gramian sft} and {@code align}. */
    static StepNetwork builtIn(LanguageModelConfig config) {
        return new TransformerStep(config);
    }

    /** A pre-trained GPT-2 or Llama-family decoder. */
    static StepNetwork pretrained(DecoderSpec spec) {
        return new DecoderStep(spec);
    }
}
