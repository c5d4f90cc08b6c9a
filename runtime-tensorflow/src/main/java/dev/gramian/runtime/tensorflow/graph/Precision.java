package dev.gramian.runtime.tensorflow.graph;

import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * The floating-point types a model's graph computes in; parameters stay doubles on the heap either
 * way. Values, losses and gradients flow in {@link #type()}; the matrix products of the networks
 * take their operands in {@link #productType()}.
 */
public enum Precision {
    /** Single precision: training and benchmarks. */
    FLOAT32(TFloat32.class, TFloat32.class),
    /** Double precision: finite-difference checks. */
    FLOAT64(TFloat64.class, TFloat64.class),
    /**
     * Mixed precision: the networks' matrix products (linear layers, attention) take bfloat16
     * operands, accumulate in float32 inside the kernel and round their result to bfloat16 before it
     * is widened again; everything else (parameters fed as float32 master weights, embeddings,
     * LayerNorm, GELU, log-softmax, losses, gradients outside the products, the Gram algebra) stays
     * float32. Fast where oneDNN finds AMX or AVX-512-BF16.
     */
    BFLOAT16(TFloat32.class, TBfloat16.class);

    private final Class<? extends TFloating> type;
    private final Class<? extends TFloating> productType;

    Precision(Class<? extends TFloating> type, Class<? extends TFloating> productType) {
        this.type = type;
        this.productType = productType;
    }

    /** The TensorFlow type class of the graph's values. */
    public Class<? extends TFloating> type() {
        return type;
    }

    /** The TensorFlow type class of the matrix products' operands. */
    public Class<? extends TFloating> productType() {
        return productType;
    }

    /** The backend option's label: {@code float32}, {@code float64} or {@code bfloat16}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code float32}, {@code float64} or {@code bfloat16} (also {@code bf16}). */
    public static Precision fromLabel(String label) {
        return switch (label) {
            case "float32" -> FLOAT32;
            case "float64" -> FLOAT64;
            case "bfloat16", "bf16" -> BFLOAT16;
            default -> throw new IllegalArgumentException("unknown precision '" + label
                    + "'; known: float32, float64, bfloat16");
        };
    }
}
