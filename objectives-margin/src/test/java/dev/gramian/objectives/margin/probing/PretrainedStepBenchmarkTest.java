package dev.gramian.objectives.margin.probing;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PretrainedStepBenchmarkTest {

    @Test
    void stepFlopsCountTheMatrixProductsForwardAndBackward() {
        // One GPT-2 block of width 64 (one head of 64, MLP 256), vocabulary 500; 2 pairs of 16 tokens: 4 rows x 15
        // positions = 60 input rows, of which 4 x 8 are scored (the prompt is the first 8 tokens).
        DecoderSpec tiny = new DecoderSpec(DecoderSpec.Family.GPT2, 500, 64, 1, 64, 1, 1, 64, 256, 1e-5, true, true,
                true, true, new double[0]);
        double linearForward = 2 * 60 * (4 * 64 * 64 + 2 * 64 * 256) + 2 * 32 * 64 * 500;
        // Q·Kᵀ and P·V: 4 sequences x 15x15 positions x head width 64, 2 FLOP per multiply-add.
        double attentionForward = 2 * 2 * 4 * 15 * 15 * 64;
        PretrainedStepBenchmark full = new PretrainedStepBenchmark(tiny, 2, 16, null, 1, 7);
        assertEquals(3 * linearForward + 3 * attentionForward, full.stepFlops(), 1e-6);
        assertEquals(24_529_920, full.stepFlops(), 1e-6);
        // Under an adapter the frozen weights need no weight gradient: forward and input gradient only.
        PretrainedStepBenchmark adapted = new PretrainedStepBenchmark(tiny, 2, 16,
                new LoraSpec(4, 32, 0, List.of(), false), 1, 7);
        assertEquals(2 * linearForward + 3 * attentionForward, adapted.stepFlops(), 1e-6);
        // GPT-2 small, 4 pairs x 256 tokens: about 1.33 TFLOP per step.
        assertEquals(1_334_272_425_984.0, new PretrainedStepBenchmark(PretrainedStepBenchmark.gpt2Small(), 4, 256,
                null, 1, 7).stepFlops(), 1);
    }
}
