package dev.gramian.cli.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs started from a Hugging Face folder, on the tiny GPT-2 fixture: {@code sft --model} (all
 * weights and LoRA) trains the chosen responses and exports as a folder, and an {@code align --model}
 * run resumed from an earlier checkpoint ends bit for bit where the uninterrupted run ends.
 */
@Tag("native")
class PretrainedRunsTest {
    private static final Path GPT2 = AlignExportRoundTripTest.GPT2;
    private static final Path PAIRS = AlignExportRoundTripTest.PAIRS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Execution gramian(List<String> args) {
        return InProcessGramian.run(args.toArray(String[]::new));
    }

    private static List<String> training(String command, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--model", GPT2.toString(), "--data", PAIRS.toString(),
                "--batch-size", "4", "--optimizer", "sgd", "--warmup", "0", "--log-every", "1",
                "--max-length", "65", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** The mean log-probability of the chosen responses of the fixture's pairs under the folder's model. */
    private static double meanChosenLogp(Path model) throws IOException {
        Execution run = gramian(List.of("logps", "--model", model.toString(), "--data", PAIRS.toString()));
        assertEquals(0, run.status(), run::toString);
        double sum = 0;
        List<String> lines = run.out().lines().toList();
        for (String line : lines) {
            sum += JSON.readTree(line).get("logp_chosen").asDouble();
        }
        return sum / lines.size();
    }

    @Test
    void sftOnAFolderRaisesTheChosenResponsesAndExportsAsAFolder() throws IOException {
        Path run = dir.resolve("sft");
        Execution sft = gramian(training("sft", run, "--eval-fraction", "0", "--steps", "6", "--lr", "0.1",
                "--eval-every", "6", "--checkpoint-every", "6"));
        assertEquals(0, sft.status(), sft::toString);
        assertTrue(sft.out().startsWith("sft: 6 steps on " + GPT2 + ", eval/loss n/a; checkpoint "), sft::toString);
        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertEquals("sft", config.get("command").asText());
        assertEquals(GPT2.toAbsolutePath().normalize().toString(), config.at("/model/folder").asText());
        assertTrue(config.at("/model/lora").isMissingNode(), config::toString);
        assertEquals("sft", CheckpointFile.read(run.resolve("checkpoints/latest.ckpt")).metadata().get("phase"));
        Path exported = dir.resolve("exported");
        Execution export = gramian(List.of("export", run.toString(), "--out", exported.toString()));
        assertEquals(0, export.status(), export::toString);
        double before = meanChosenLogp(GPT2);
        double after = meanChosenLogp(exported);
        assertTrue(after > before + 0.1, "SFT on the chosen responses raises their log-probability: " + before
                + " -> " + after);
    }

    @Test
    void sftOnAFolderTrainsOnlyALoraAdapterWhenAsked() throws IOException {
        Path run = dir.resolve("sft-lora");
        Execution sft = gramian(training("sft", run, "--eval-fraction", "0.2", "--steps", "2", "--lr", "0.1",
                "--eval-every", "2", "--checkpoint-every", "2", "--lora-rank", "2"));
        assertEquals(0, sft.status(), sft::toString);
        assertTrue(sft.out().startsWith("sft: 2 steps on " + GPT2 + " (LoRA rank 2), eval/loss "), sft::toString);
        assertEquals(2, JSON.readTree(run.resolve("config.json").toFile()).at("/model/lora/rank").asInt());
        Checkpoint latest = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals(4, latest.parameters().names().size(), "the adapter's A and B of c_attn in two blocks");
    }

    @Test
    void sftTakesOneStartingModelAndNoShapeForAFolder() {
        Execution both = gramian(training("sft", dir.resolve("both"), "--init", "x.ckpt"));
        assertEquals(2, both.status(), both::toString);
        assertTrue(both.err().contains("give at most one of --init CKPT (a Gramian model) and --model DIR"),
                both::toString);
        Execution shaped = gramian(training("sft", dir.resolve("shaped"), "--layers", "3"));
        assertEquals(2, shaped.status(), shaped::toString);
        assertTrue(shaped.err().contains("--layers cannot change the shape of the --model folder's model"),
                shaped::toString);
        assertFalse(Files.exists(dir.resolve("shaped")), "nothing written");
    }

    /**
     * The uninterrupted run checkpoints at steps 2 and 4; a copy rolled back to its step-2 checkpoint
     * (as a run killed after it would be, with metrics rows past it) and resumed must end with the same
     * parameters and the same metrics, byte for byte, and the same last training and held-out
     * metrics in summary.json (its {@code eval_first} is the first evaluation of the resuming process);
     * with all weights or a LoRA adapter, and with TRL's training options (TR-DPO's reference, a second
     * copy of the folder's model, rides in the checkpoints).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--lora-rank 0", "--lora-rank 2",
        "--lora-rank 0 --ld-alpha 0.5 --use-weighting --sync-ref-model --ref-model-sync-steps 1 --max-grad-norm 0.1",
        "--lora-rank 2 --ld-alpha 0.5 --use-weighting --max-grad-norm 0.1"})
    void anAlignRunFromAFolderResumedFromAnEarlierCheckpointEndsWhereTheUninterruptedRunEnds(String options)
            throws IOException {
        Path straight = dir.resolve("straight");
        List<String> given = new ArrayList<>(List.of("--eval-fraction", "0.2", "--steps", "4", "--lr", "0.5",
                "--eval-every", "2", "--checkpoint-every", "2"));
        given.addAll(List.of(options.split(" ")));
        String[] settings = given.toArray(String[]::new);
        Execution first = gramian(training("align", straight, settings));
        assertEquals(0, first.status(), first::toString);
        Path resumed = dir.resolve("resumed");
        copy(straight, resumed);
        Path checkpoints = resumed.resolve("checkpoints");
        assertEquals(4, CheckpointFile.read(checkpoints.resolve("latest.ckpt")).step());
        Files.copy(checkpoints.resolve("step-00000002.ckpt"), checkpoints.resolve("latest.ckpt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(checkpoints.resolve("step-00000004.ckpt"));
        Files.delete(resumed.resolve("summary.json"));

        List<String> args = training("align", resumed, settings);
        args.add("--resume");
        Execution again = gramian(args);
        assertEquals(0, again.status(), again::toString);
        Checkpoint expected = CheckpointFile.read(straight.resolve("checkpoints/latest.ckpt"));
        Checkpoint actual = CheckpointFile.read(checkpoints.resolve("latest.ckpt"));
        assertEquals(4, actual.step());
        assertEquals(expected.parameters(), actual.parameters());
        assertEquals(Files.readAllLines(straight.resolve("metrics.jsonl")),
                Files.readAllLines(resumed.resolve("metrics.jsonl")));
        JsonNode summary = JSON.readTree(straight.resolve("summary.json").toFile());
        JsonNode resumedSummary = JSON.readTree(resumed.resolve("summary.json").toFile());
        for (String part : List.of("train", "eval_last")) {
            assertEquals(summary.get(part), resumedSummary.get(part), part);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
