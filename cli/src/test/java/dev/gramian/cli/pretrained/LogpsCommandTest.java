package dev.gramian.cli.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gramian logps} on the tiny transformers fixtures (the runtime's test copies): the
 * log-probabilities and response lengths transformers computed for the TRL-tokenised pairs, plain
 * and conversational, through the command line.
 */
class LogpsCommandTest {

    static final Path FIXTURES = InProcessGramian.projectRoot().resolve("runtime-tensorflow/src/test/resources/hf-tiny");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    @Tag("native")
    void theFixturesLogProbabilitiesComeOutInInputOrder(String name) throws IOException {
        Path model = FIXTURES.resolve(name);
        var run = InProcessGramian.run("logps", "--model", model.toString(), "--data",
                FIXTURES.resolve(name + ".pairs.jsonl").toString(), "--ref-model", model.toString());
        assertEquals(0, run.status(), run.toString());
        ObjectMapper json = new ObjectMapper();
        List<String> lines = run.out().lines().toList();
        List<String> expected = Files.readAllLines(FIXTURES.resolve(name + ".expected.jsonl"));
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = json.readTree(lines.get(i));
            JsonNode want = json.readTree(expected.get(i)).get("expected");
            for (String key : List.of("logp_chosen", "logp_rejected")) {
                double w = want.get(key).asDouble();
                assertEquals(w, got.get(key).asDouble(), 1e-5 * Math.abs(w), name + " line " + (i + 1) + " " + key);
                assertEquals(got.get(key).asDouble(), got.get("ref_" + key).asDouble(), 0);
            }
            assertEquals(want.get("len_chosen").asInt(), got.get("len_chosen").asInt());
            assertEquals(want.get("len_rejected").asInt(), got.get("len_rejected").asInt());
        }
    }

    @Test
    void aFolderWithoutConfigIsAnInputError() throws IOException {
        Files.writeString(dir.resolve("pairs.jsonl"), "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n");
        var run = InProcessGramian.run("logps", "--model", dir.toString(), "--data", dir.resolve("pairs.jsonl").toString());
        assertEquals(3, run.status(), run.toString());
        assertTrue(run.err().contains("config.json"), run.err());
        assertEquals("", run.out());
    }
}
