package dev.gramian.cli.align;

import dev.gramian.api.GramianException;
import dev.gramian.cli.InProcessGramian.Execution;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad preference data and bad run directories: each is one error line naming the file and line (or
 * the directory), a non-zero exit, and an existing run directory left exactly as it was.
 */
class PreferenceDataErrorsTest {
    private static final String GOOD = "{\"prompt\": \"ok: \", \"chosen\": \"+\", \"rejected\": \"-\"}";

    @TempDir
    Path temp;
    private Path run;

    @BeforeEach
    void existingRun() throws IOException {
        run = temp.resolve("run");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.writeString(run.resolve("config.json"), "{\"command\": \"sft\"}\n");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":10,\"phase\":\"sft\",\"loss\":1.5}\n");
        Files.write(run.resolve("checkpoints/latest.ckpt"), new byte[] {1, 2, 3});
    }

    private Map<String, String> runFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(run)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(run.relativize(file).toString(), new String(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private Execution sftOn(Path data, String... extra) throws IOException {
        Map<String, String> before = runFiles();
        String[] args = Stream.concat(Stream.of("sft", "--data", data.toString(), "--out", run.toString(), "--force",
                "--steps", "2"), Stream.of(extra)).toArray(String[]::new);
        Execution execution = InProcessGramian.run(args);
        assertEquals(before, runFiles(), "the run directory changed");
        return execution;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": | malformed JSON at column",
        "[1, 2] | expected a JSON object with \"chosen\", \"rejected\" and optionally \"prompt\"",
        "{\"prompt\": \"a\", \"rejected\": \"c\"} | missing field \"chosen\"",
        "{\"prompt\": \"a\", \"chosen\": 5, \"rejected\": \"c\"} | field \"chosen\" must be a string, found number",
        "{\"prompt\": 1, \"chosen\": \"b\", \"rejected\": \"c\"} | field \"prompt\" must be a string, found number",
        "{\"prompt\": \"a\", \"chosen\": \"\", \"rejected\": \"c\"} | empty \"chosen\" response",
        "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"b\"} | \"chosen\" and \"rejected\" are identical",
        "{\"chosen\": \"q: yes\", \"rejected\": \"q: yes!\"} | \"chosen\" is a prefix of the other text",
        "{\"prompt\": \"a very long prompt indeed\", \"chosen\": \"b\", \"rejected\": \"c\"} | over --max-length 16",
    })
    void badLineIsReportedWithFileAndLine(String badLine, String problem) throws IOException {
        Path data = temp.resolve("pairs.jsonl");
        Files.writeString(data, GOOD + "\n\n" + badLine.strip() + "\n" + GOOD + "\n");
        Execution failed = sftOn(data, "--max-length", "16", "--context", "16");
        assertEquals(GramianException.Category.INPUT.exitCode(), failed.status(), failed::toString);
        assertTrue(failed.err().startsWith("gramian: error: " + data + ":3: "), failed::toString);
        assertTrue(failed.err().contains(problem.strip()), failed::toString);
        assertEquals(1, failed.err().lines().count(), failed::toString);
    }

    @Test
    void missingAndEmptyFilesNameTheFile() throws IOException {
        Execution missing = sftOn(temp.resolve("absent.jsonl"));
        assertEquals(3, missing.status(), missing::toString);
        assertTrue(missing.err().contains(temp.resolve("absent.jsonl") + ": no such file"), missing::toString);
        Path empty = Files.writeString(temp.resolve("empty.jsonl"), "\n\n");
        Execution none = sftOn(empty);
        assertTrue(none.err().contains(empty + ": no preference pairs"), none::toString);
    }

    @Test
    void aNonEmptyRunDirectoryIsNotOverwritten() throws IOException {
        Map<String, String> before = runFiles();
        Execution refused = InProcessGramian.run("sft", "--dataset", "1t", "-D", "size=20", "--out", run.toString());
        assertEquals(2, refused.status(), refused::toString);
        assertTrue(refused.err().contains("run directory " + run + " is not empty; choose another --out, pass --force"),
                refused::toString);
        assertEquals(before, runFiles());
    }

    @Test
    void conflictingDataOptionsAreUsageErrors() throws IOException {
        Path data = Files.writeString(temp.resolve("pairs.jsonl"), GOOD + "\n");
        Execution both = sftOn(data, "--dataset", "1t");
        assertEquals(2, both.status(), both::toString);
        assertTrue(both.err().contains("give exactly one of --data FILE and --dataset ID"), both::toString);
        Execution truncation = sftOn(data, "--truncation", "middle");
        assertTrue(truncation.err().contains("unknown --truncation 'middle'; known: error, keep-end, skip"),
                truncation::toString);
        Execution unknown = InProcessGramian.run("sft", "--dataset", "no-such", "--out", temp.resolve("x").toString());
        assertEquals(4, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("unknown preference-dataset 'no-such'; known: ["), unknown::toString);
    }
}
