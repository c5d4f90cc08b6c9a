package dev.gramian.api.backend;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.AdaptedLanguageModel;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PretrainedLanguageModel;
import dev.gramian.api.param.ParameterSet;

import java.util.Map;

/**
 * An execution backend. Creating one may load native libraries; a backend that cannot start
 * throws a {@link dev.gramian.api.GramianException} of category BACKEND whose message says what
 * to install or set. Close it to release native resources.
 */
public interface Backend extends AutoCloseable {

    /** Optional features a backend may have. */
    enum Capability {
        /** Runs on a GPU. */
        GPU,
        /** Gradients of expressions that contain gradients (needed by IDGM). */
        SECOND_ORDER_GRADIENTS,
        /** Per-sequence Gram matrices without one backward pass per sequence. */
        FAST_GRAM,
        /** Double-precision graphs (for finite-difference checks). */
        FLOAT64
    }

    /** Whether this backend has {@code capability}. */
    boolean hasCapability(Capability capability);

    /** Facts for {@code gramian env}: library version, device, threads. */
    Map<String, String> describe();

    /**
     * A language model of the given shape with parameters initialised from {@code seed}; the same
     * seed gives the same parameters on every backend run.
     */
    LanguageModel languageModel(LanguageModelConfig config, long seed);

    /**
     * A pre-trained decoder for full fine-tuning: its parameters are {@code weights} (taken over,
     * not copied; callers must not change them afterwards except through the model's parameters).
     *
     * @param weights every tensor of {@link DecoderSpec#layout()}, with those shapes
     * @throws GramianException (backend) when this backend does not build pre-trained decoders
     */
    default PretrainedLanguageModel pretrainedModel(DecoderSpec spec, ParameterSet weights) {
        throw new GramianException(GramianException.Category.BACKEND, getClass().getName()
                + " does not build pre-trained models; use the tensorflow backend");
    }

    /**
     * A pre-trained decoder with a LoRA adapter: only the adapter is trainable, its A matrices
     * initialised from {@code seed} as PEFT does and its B matrices zero.
     *
     * @param weights every tensor of {@link DecoderSpec#layout()} (frozen, taken over, not copied)
     * @throws GramianException (backend) when this backend does not build pre-trained decoders
     */
    default AdaptedLanguageModel adaptedModel(DecoderSpec spec, ParameterSet weights, LoraSpec lora, long seed) {
        throw new GramianException(GramianException.Category.BACKEND, getClass().getName()
                + " does not build pre-trained models; use the tensorflow backend");
    }

    /** A classifier of the given shape with parameters initialised from {@code seed}. */
    ClassifierModel classifier(ClassifierConfig config, long seed);

    /** Releases native resources; idempotent. */
    @Override
    void close();
}
