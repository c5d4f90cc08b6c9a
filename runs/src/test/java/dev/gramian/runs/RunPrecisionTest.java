package dev.gramian.runs;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RunPrecisionTest {

    @Test
    void parsesTheOptionsSpellingsAndTheBackends() {
        assertEquals(RunPrecision.FP32, RunPrecision.parse("fp32"));
        assertEquals(RunPrecision.FP32, RunPrecision.parse("float32"));
        assertEquals(RunPrecision.BF16, RunPrecision.parse("bf16"));
        assertEquals(RunPrecision.BF16, RunPrecision.parse("BFloat16"));
    }

    @Test
    void anotherValueIsAUsageErrorNamingTheOptionAndTheValidValues() {
        for (String bad : new String[]{"fp16", "float64", "", "bf 16"}) {
            GramianException refused = assertThrows(GramianException.class, () -> RunPrecision.parse(bad));
            assertEquals(GramianException.Category.USAGE, refused.category());
            assertEquals("--precision takes fp32 or bf16 (also spelt float32, bfloat16), not '" + bad + "'",
                    refused.getMessage());
        }
    }

    @Test
    void bf16AddsTheBackendOptionAndFp32LeavesTheOptionsAsTheyWere() {
        Map<String, String> threads = Map.of("intra_op_threads", "2", "inter_op_threads", "2");
        assertEquals(threads, RunPrecision.FP32.backendOptions(threads));
        Map<String, String> bf16 = RunPrecision.BF16.backendOptions(threads);
        assertEquals(Map.of("intra_op_threads", "2", "inter_op_threads", "2", "precision", "bfloat16"), bf16);
        assertEquals(RunPrecision.BF16, RunPrecision.of(bf16));
        assertEquals(RunPrecision.FP32, RunPrecision.of(threads));
        assertEquals(RunPrecision.FP32, RunPrecision.of(Map.of("precision", "float64")));
    }
}
