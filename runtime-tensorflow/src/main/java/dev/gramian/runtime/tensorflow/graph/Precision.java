package dev.gramian.runtime.tensorflow.graph;

import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/** The floating-point type a model's graph computes in; parameters stay doubles on the heap either way. */
public enum Precision {
    /** Single precision: training and benchmarks. */
    FLOAT32(TFloat32.class),
    /** Double precision: finite-difference checks. */
    FLOAT64(TFloat64.class);

    private final Class<? extends TFloating> type;

    Precision(Class<? extends TFloating> type) {
        this.type = type;
    }

    /** The TensorFlow type class of this precision. */
    public Class<? extends TFloating> type() {
        return type;
    }

    /** Parses {@code float32} or {@code float64}. */
    public static Precision fromLabel(String label) {
        return switch (label) {
            case "float32" -> FLOAT32;
            case "float64" -> FLOAT64;
            default -> throw new IllegalArgumentException("unknown precision '" + label + "'; known: float32, float64");
        };
    }
}
