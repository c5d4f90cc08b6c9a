package dev.gramian.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gramian generate} through the command line: prompts tokenised as training tokenises them
 * (the tiny fixtures' TRL prompt lengths, plain and conversational; the byte tokenizer's BOS for a
 * checkpoint), greedy output that repeats, seeded sampling, and one clear error per bad input.
 */
class GenerateCommandTest {
    static final Path FIXTURES = InProcessGramian.projectRoot().resolve("runtime-tensorflow/src/test/resources/hf-tiny");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Tag("native")
    void aModelFolderCompletesEveryPromptOfAPreferenceFileAsTrlTokenisesIt() throws IOException {
        Path model = FIXTURES.resolve("tiny-llama");
        var run = InProcessGramian.run("generate", "--model", model.toString(), "--data",
                FIXTURES.resolve("tiny-llama.pairs.jsonl").toString(), "--max-new-tokens", "6", "--json");
        assertEquals(0, run.status(), run.toString());
        List<String> lines = run.out().lines().toList();
        List<String> expected = Files.readAllLines(FIXTURES.resolve("tiny-llama.expected.jsonl"));
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = JSON.readTree(lines.get(i));
            JsonNode want = JSON.readTree(expected.get(i)).get("expected");
            assertEquals(want.get("ids_chosen").size() - want.get("len_chosen").asInt(), got.get("prompt_tokens").asInt(),
                    "line " + (i + 1) + ": the prompt has TRL's tokens");
            int tokens = got.get("completion_tokens").asInt();
            String stop = got.get("stop").asText();
            assertTrue(tokens == 6 && stop.equals("max_new_tokens") || tokens <= 6 && stop.equals("eos"), lines.get(i));
        }
        assertTrue(run.err().matches("(?s).*\\d+ tokens in [0-9.]+ s: [0-9.]+ tokens/s.*"), run.err());
        var again = InProcessGramian.run("generate", "--model", model.toString(), "--data",
                FIXTURES.resolve("tiny-llama.pairs.jsonl").toString(), "--max-new-tokens", "6", "--json");
        assertEquals(run.out(), again.out(), "greedy decoding repeats");
    }

    @Test
    @Tag("native")
    void samplingRepeatsWithItsSeedAndChatSendsTheTextAsAUserMessage() {
        String model = FIXTURES.resolve("tiny-llama").toString();
        List<String> sample = List.of("generate", "--model", model, "--prompt", "verdict actor:", "--max-new-tokens",
                "12", "--ignore-eos", "--temperature", "1.5", "--top-k", "50", "--top-p", "0.95", "--json");
        var first = InProcessGramian.run(withSeed(sample, "3"));
        var same = InProcessGramian.run(withSeed(sample, "3"));
        var other = InProcessGramian.run(withSeed(sample, "4"));
        assertEquals(0, first.status(), first.toString());
        assertEquals(first.out(), same.out());
        assertNotEquals(first.out(), other.out());
        var chat = InProcessGramian.run("generate", "--model", model, "--prompt", "verdict actor:", "--chat",
                "--max-new-tokens", "2", "--json");
        var conversation = InProcessGramian.run("generate", "--model", model, "--data",
                FIXTURES.resolve("tiny-llama.pairs.jsonl").toString(), "--max-new-tokens", "2", "--json");
        assertEquals(0, chat.status(), chat.toString());
        // Line 4 of the fixture is "verdict actor:" as a conversation.
        JsonNode fromChat = readTree(chat.out());
        JsonNode fromFile = readTree(conversation.out().lines().toList().get(3));
        assertEquals(fromFile.get("prompt_tokens"), fromChat.get("prompt_tokens"));
        assertEquals(fromFile.get("completion"), fromChat.get("completion"));
    }

    @Test
    @Tag("native")
    void aCheckpointOfTheBuiltInTransformerCompletesTextAfterItsBos() {
        Path sft = dir.resolve("sft");
        var trained = InProcessGramian.run("sft", "--layers", "1", "--width", "16", "--heads", "2", "--mlp", "32",
                "--context", "64", "--steps", "2", "--batch-size", "4", "--dataset", "1t", "-D", "size=40",
                "--max-length", "64", "--out", sft.toString());
        assertEquals(0, trained.status(), trained.toString());
        String checkpoint = sft.resolve("checkpoints/latest.ckpt").toString();
        var run = InProcessGramian.run("generate", "--checkpoint", checkpoint, "--prompt", "The movie was",
                "--max-new-tokens", "60", "--ignore-eos", "--json");
        assertEquals(0, run.status(), run.toString());
        JsonNode line = readTree(run.out());
        assertEquals(14, line.get("prompt_tokens").asInt(), "BOS and 13 bytes");
        assertEquals(51, line.get("completion_tokens").asInt(), "64 positions and the token after them");
        assertEquals("context", line.get("stop").asText());
        var text = InProcessGramian.run("generate", "--checkpoint", checkpoint, "--prompt", "The movie was",
                "--max-new-tokens", "3");
        assertTrue(text.out().startsWith("### prompt\nThe movie was\n### completion (3 tokens, stop: max_new_tokens)\n"),
                text.out());
        var chat = InProcessGramian.run("generate", "--checkpoint", checkpoint, "--prompt", "hi", "--chat");
        assertEquals(3, chat.status(), chat.toString());
        assertTrue(chat.err().contains("chat template"), chat.err());
    }

    @Test
    void badOptionsAndPromptFilesAreOneClearError() throws IOException {
        String model = FIXTURES.resolve("tiny-gpt2").toString();
        var both = InProcessGramian.run("generate", "--model", model, "--checkpoint", "x.ckpt", "--prompt", "a");
        assertEquals(2, both.status(), both.toString());
        assertTrue(both.err().contains("exactly one of --model"), both.err());
        var noPrompt = InProcessGramian.run("generate", "--model", model);
        assertEquals(2, noPrompt.status(), noPrompt.toString());
        var topP = InProcessGramian.run("generate", "--model", model, "--prompt", "a", "--top-p", "0");
        assertEquals(2, topP.status(), topP.toString());
        assertTrue(topP.err().contains("top-p must be in (0, 1]"), topP.err());
        Path prompts = dir.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"fine\"}\n\n{\"prompt\": 3}\n", StandardCharsets.UTF_8);
        var bad = InProcessGramian.run("generate", "--model", model, "--data", prompts.toString());
        assertEquals(3, bad.status(), bad.toString());
        assertTrue(bad.err().contains(prompts + ":3:") && bad.err().contains("found number"), bad.err());
        assertEquals("", bad.out());
    }

    private static String[] withSeed(List<String> args, String seed) {
        List<String> out = new ArrayList<>(args);
        out.addAll(List.of("--seed", seed));
        return out.toArray(String[]::new);
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
