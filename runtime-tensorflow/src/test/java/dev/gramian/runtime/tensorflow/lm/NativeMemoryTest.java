package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Sequence;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native tensors live outside the Java heap. Two bounded measures over 1,000 steps after warm-up:
 * the number of live JavaCPP-managed native objects (counted before any forced collection, since
 * the garbage collector eventually frees unclosed tensors and would hide a leak), and the process's
 * resident set less the committed Java heap after a collection. Each step feeds and fetches ~300 KB
 * of tensors, so leaving them open adds thousands of objects and, over 500 steps, about 150 MB. The
 * resident set is bounded (48 MB) over the second 500 steps only: in the first, the allocator's
 * arenas, the JIT's code and the heap's committed size still settle, more so on a loaded machine
 * (53 MB once, over 1,000 steps measured from step 200).
 */
@Tag("native")
class NativeMemoryTest {

    @Test
    void residentMemoryDoesNotGrowOverAThousandSteps() throws IOException {
        LanguageModelConfig config = new LanguageModelConfig(259, 16, 2, 32, 2, 64);
        List<Sequence> batch = List.of(new Sequence(new int[]{256, 1, 2, 3, 4, 5, 6, 7}, 3),
                new Sequence(new int[]{256, 9, 8, 7, 6, 5}, 1));
        try (TransformerLanguageModel model = new TransformerLanguageModel(config, 1, SessionSettings.defaults())) {
            steps(model, batch, 200);
            long openBefore = Pointer.totalCount();
            System.gc();
            long before = outsideHeapKb();
            steps(model, batch, 500);
            System.gc();
            long middle = outsideHeapKb();
            steps(model, batch, 500);
            long leftOpen = Pointer.totalCount() - openBefore;
            System.gc();
            long settlingMb = (middle - before) / 1024;
            long growthMb = (outsideHeapKb() - middle) / 1024;
            System.out.println("native memory test: " + leftOpen + " objects left open, " + settlingMb + " MB growth over "
                    + "the first 500 steps, " + growthMb + " MB over the second");
            assertTrue(leftOpen < 16, leftOpen + " native objects left open over 1,000 steps");
            assertTrue(growthMb < 48, "resident set outside the Java heap grew by " + growthMb + " MB over 500 steps");
        }
    }

    /** {@code count} training steps, each also scoring the batch. */
    private static void steps(TransformerLanguageModel model, List<Sequence> batch, int count) {
        for (int i = 0; i < count; i++) {
            model.parameters().addScaled(model.nextTokenLossAndGradient(batch).gradient(), -1e-3);
            model.score(batch);
        }
    }

    /** Resident set minus the committed Java heap, which may grow for reasons of its own. */
    private static long outsideHeapKb() throws IOException {
        return residentKb() - Runtime.getRuntime().totalMemory() / 1024;
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
