package dev.gramian.cli.option;

import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --precision} on every command that takes it: another value than fp32 or bf16 is one usage
 * error naming the option and the value, before anything is written and before TensorFlow loads; the
 * help lists it.
 */
class PrecisionOptionsTest {
    @TempDir
    Path temp;

    private static final List<List<String>> COMMANDS = List.of(
            List.of("align", "--dataset", "1t", "--init", "missing.ckpt"),
            List.of("sft", "--dataset", "1t"),
            List.of("probe", "--dataset", "1t", "--checkpoint", "missing.ckpt"),
            List.of("demo", "align"),
            List.of("demo", "entanglement"));

    @Test
    void anotherValueIsOneUsageErrorAndWritesNothing() {
        for (List<String> command : COMMANDS) {
            Path out = temp.resolve("run-" + COMMANDS.indexOf(command));
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--out", out.toString(), "--precision", "fp8"));
            var run = InProcessGramian.run(args.toArray(String[]::new));
            assertEquals(2, run.status(), command + ": " + run);
            assertEquals("gramian: error: --precision takes fp32 or bf16 (also spelt float32, bfloat16), not 'fp8'",
                    run.err().strip(), command + ": " + run);
            assertFalse(Files.exists(out), command + " wrote " + out);
        }
    }

    @Test
    void theHelpOfEachCommandListsTheOptionWithItsDefault() {
        for (List<String> command : COMMANDS) {
            List<String> args = new ArrayList<>(command.subList(0, command.get(0).equals("demo") ? 2 : 1));
            args.add("--help");
            var run = InProcessGramian.run(args.toArray(String[]::new));
            assertEquals(0, run.status(), run.toString());
            assertTrue(run.out().contains("--precision=fp32|bf16") && run.out().contains("default fp32"),
                    command + ": " + run.out());
        }
    }
}
