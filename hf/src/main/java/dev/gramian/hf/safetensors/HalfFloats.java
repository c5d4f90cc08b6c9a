package dev.gramian.hf.safetensors;

/**
 * IEEE 754 binary16 and bfloat16 conversions (Java 17 has neither). Encoding rounds to nearest,
 * ties to even, as PyTorch's {@code .to(torch.float16 / torch.bfloat16)} does.
 */
final class HalfFloats {

    private HalfFloats() {
    }

    /** The float a binary16 bit pattern encodes (subnormals, infinities and NaN included). */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** The binary16 bit pattern nearest to {@code value} (ties to even; overflow to infinity). */
    static int floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0);
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return sign | 0x7c00;
        }
        if (e <= 0) {
            if (e < -10) {
                return sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - e;
            int half = full >>> shift;
            int rest = full & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) == 1)) {
                half++;
            }
            return sign | half;
        }
        int half = (e << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return sign | half;
    }

    /** The float a bfloat16 bit pattern encodes: the 16 bits are a float32's upper half. */
    static float bfloat16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** The bfloat16 bit pattern nearest to {@code value} (ties to even; NaN stays NaN). */
    static int floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (bits >>> 16) | 0x40;
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (bits + rounding) >>> 16;
    }
}
