package dev.gramian.runtime.tensorflow;

/**
 * The backend's options as plain values, so the provider can pass them on without naming a
 * TensorFlow type.
 *
 * @param gpu            run on the GPU
 * @param intraOpThreads threads inside one op (0 = default)
 * @param interOpThreads concurrent ops (0 = default)
 * @param precision      {@code float32}, {@code float64} or {@code bfloat16}
 * @param activationMb   the most memory, in MiB of float32 values, that one run of a language model keeps
 *                       for its backward pass (estimated); a larger call runs in pieces
 */
record BackendOptions(boolean gpu, int intraOpThreads, int interOpThreads, String precision, int activationMb) {

    /** The default of {@link #activationMb}: {@code GraphLanguageModel.ACTIVATION_BUDGET} float32 values. */
    static final int DEFAULT_ACTIVATION_MB = 512;
}
