package dev.gramian.hf.safetensors;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors header may name, with their byte sizes. Gramian decodes the four
 * floating types ({@link #isFloating()}); the others are recognised so that a file holding, say,
 * an integer buffer still opens, and only reading such a tensor as numbers fails.
 */
public enum Dtype {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1),
    F8_E4M3(1), F8_E5M2(1);

    private final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether Gramian decodes this type to floating-point values. */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** The type named {@code name} in a header, or null if there is none. */
    static Dtype byName(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The floating types Gramian reads and writes, for error messages. */
    public static String floatingNames() {
        return Arrays.stream(values()).filter(Dtype::isFloating).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * The storage type transformers' {@code torch_dtype}/{@code dtype} names ({@code float32},
     * {@code bfloat16}, {@code float16}, {@code float64}), or null for anything else.
     */
    public static Dtype fromTorchName(String torch) {
        return switch (torch) {
            case "float32", "float" -> F32;
            case "bfloat16" -> BF16;
            case "float16", "half" -> F16;
            case "float64", "double" -> F64;
            default -> null;
        };
    }

    /** The name transformers writes in {@code config.json} for this floating type. */
    public String torchName() {
        return switch (this) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case F64 -> "float64";
            default -> throw new IllegalStateException(this + " is not a floating type");
        };
    }
}
