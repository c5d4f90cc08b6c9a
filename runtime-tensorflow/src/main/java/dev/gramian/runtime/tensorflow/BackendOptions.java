package dev.gramian.runtime.tensorflow;

/**
 * The backend's options as plain values, so the provider can pass them on without naming a
 * TensorFlow type.
 *
 * @param gpu            run on the GPU
 * @param intraOpThreads threads inside one op (0 = default)
 * @param interOpThreads concurrent ops (0 = default)
 * @param precision      {@code float32}, {@code float64} or {@code bfloat16}
 */
record BackendOptions(boolean gpu, int intraOpThreads, int interOpThreads, String precision) {
}
