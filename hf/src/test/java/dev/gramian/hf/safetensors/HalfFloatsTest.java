package dev.gramian.hf.safetensors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfFloatsTest {

    @Test
    void everyHalfPatternSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.halfToFloat(bits);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(f))));
            } else {
                assertEquals(bits, HalfFloats.floatToHalf(f), "half 0x" + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void halfDecodesKnownValues() {
        assertEquals(1.0f, HalfFloats.halfToFloat(0x3c00));
        assertEquals(-2.0f, HalfFloats.halfToFloat(0xc000));
        assertEquals(65504f, HalfFloats.halfToFloat(0x7bff));
        assertEquals(0x1p-24f, HalfFloats.halfToFloat(0x0001));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.halfToFloat(0x7c00));
    }

    @Test
    void halfEncodingRoundsToNearestEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
        assertEquals(0x3c00, HalfFloats.floatToHalf(1f + 0x1p-11f));
        // 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
        assertEquals(0x3c02, HalfFloats.floatToHalf(1f + 3 * 0x1p-11f));
        assertEquals(0x7c00, HalfFloats.floatToHalf(70000f));
    }

    @Test
    void bfloat16IsTheUpperHalfOfAFloatRoundedToNearestEven() {
        assertEquals(1.0f, HalfFloats.bfloat16ToFloat(0x3f80));
        assertEquals(0x3f80, HalfFloats.floatToBfloat16(1.0f));
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1).
        assertEquals(0x3f80, HalfFloats.floatToBfloat16(1f + 0x1p-8f));
        assertEquals(0x3f81, HalfFloats.floatToBfloat16(1f + 0x1p-8f + 0x1p-20f));
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.bfloat16ToFloat(bits);
            if (!Float.isNaN(f)) {
                assertEquals(bits, HalfFloats.floatToBfloat16(f));
            }
        }
    }
}
