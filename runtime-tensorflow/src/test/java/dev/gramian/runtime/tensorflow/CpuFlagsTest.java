package dev.gramian.runtime.tensorflow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuFlagsTest {
    private static final String HEADER = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Xeon\n";

    @Test
    void amxOrAvx512Bf16AllowBfloat16Products() {
        assertTrue(CpuFlags.parse(HEADER + "flags\t\t: fpu sse avx2 avx512f amx_bf16 amx_tile\n").bfloat16Products());
        assertTrue(CpuFlags.parse(HEADER + "flags\t\t: fpu avx512f avx512_bf16\n\nprocessor\t: 1\n").bfloat16Products());
    }

    @Test
    void avx2AloneOrNoFlagsLineDoNot() {
        assertFalse(CpuFlags.parse(HEADER + "flags\t\t: fpu sse avx2 fma avx512f\n").bfloat16Products());
        assertFalse(CpuFlags.parse(HEADER).bfloat16Products());
        // A flag that merely contains the name is not the flag.
        assertFalse(CpuFlags.parse(HEADER + "flags\t\t: fpu xamx_bf16x\n").bfloat16Products());
    }
}
