package dev.gramian.objectives.margin.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatMessage;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.ConversationPair;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.tokenizers.ByteTokenizer;
import dev.gramian.tokenizers.hf.HfTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TRL's DPOTrainer tokenisation reproduced on the tiny GPT-2 and Llama fixtures: every pair's
 * {@code ids_chosen}/{@code ids_rejected} and response lengths as transformers and TRL give them,
 * plain and conversational.
 */
class TrlPreferenceEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path fixture(String name) {
        try {
            return Path.of(TrlPreferenceEncoderTest.class.getResource("/hf-tiny/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> lines(String name) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(fixture(name), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<ChatMessage> messages(JsonNode list) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode message : list) {
            out.add(new ChatMessage(message.get("role").textValue(), message.get("content").textValue()));
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    private static EncodedPair encode(TrlPreferenceEncoder encoder, JsonNode pair, int line) {
        if (pair.get("prompt").isTextual()) {
            return encoder.encode(new PreferencePair(pair.get("prompt").textValue(), pair.get("chosen").textValue(),
                    pair.get("rejected").textValue()), "pairs.jsonl", line);
        }
        return encoder.encode(new ConversationPair(messages(pair.get("prompt")), messages(pair.get("chosen")),
                messages(pair.get("rejected"))), "pairs.jsonl", line);
    }

    private static int reproduce(String model) throws IOException {
        HfTokenizer tokenizer = HfTokenizer.load(fixture(model));
        List<String> warnings = new ArrayList<>();
        TrlPreferenceEncoder encoder = new TrlPreferenceEncoder(tokenizer, 512, TruncationPolicy.ERROR, warnings::add);
        List<JsonNode> expected = lines(model + ".expected.jsonl");
        List<JsonNode> pairs = lines(model + ".pairs.jsonl");
        assertEquals(pairs.size(), expected.size());
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(pairs.get(i), expected.get(i).get("pair"), "the fixture files are in the same order");
            JsonNode want = expected.get(i).get("expected");
            EncodedPair encoded = encode(encoder, pairs.get(i), i + 1);
            String where = model + " pair " + (i + 1);
            assertArrayEquals(ints(want.get("ids_chosen")), encoded.chosen().tokens(), where);
            assertArrayEquals(ints(want.get("ids_rejected")), encoded.rejected().tokens(), where);
            assertEquals(want.get("len_chosen").intValue(), encoded.chosen().responseLength(), where);
            assertEquals(want.get("len_rejected").intValue(), encoded.rejected().responseLength(), where);
        }
        assertEquals(List.of(), warnings);
        return pairs.size();
    }

    @Test
    void tinyGpt2PlainPairsHaveTrlsIds() throws IOException {
        assertEquals(13, reproduce("tiny-gpt2"));
    }

    @Test
    void tinyLlamaPlainAndConversationalPairsHaveTrlsIds() throws IOException {
        assertEquals(26, reproduce("tiny-llama"));
    }

    @Test
    void keepEndKeepsTheBosAndTheEndOfThePromptAndSkipDropsThePair() {
        HfTokenizer tokenizer = HfTokenizer.load(fixture("tiny-llama"));
        PreferencePair pair = new PreferencePair("one two three four five six seven:", " good", " bad");
        EncodedPair whole = new TrlPreferenceEncoder(tokenizer, 512, TruncationPolicy.ERROR, w -> { })
                .encode(pair, "f", 1);
        int longest = Math.max(whole.chosen().responseLength(), whole.rejected().responseLength());
        int max = longest + 4;
        EncodedPair cut = new TrlPreferenceEncoder(tokenizer, max, TruncationPolicy.KEEP_END, w -> { })
                .encode(pair, "f", 1);
        Sequence chosen = cut.chosen();
        assertEquals(tokenizer.bos().getAsInt(), chosen.tokens()[0]);
        assertEquals(4, chosen.responseStart());
        int[] promptEnd = java.util.Arrays.copyOfRange(whole.chosen().tokens(), whole.chosen().responseStart() - 3,
                whole.chosen().tokens().length);
        assertArrayEquals(promptEnd, java.util.Arrays.copyOfRange(chosen.tokens(), 1, chosen.tokens().length));
        assertTrue(chosen.tokens().length <= max);
        assertNull(new TrlPreferenceEncoder(tokenizer, max, TruncationPolicy.SKIP, w -> { }).encode(pair, "f", 1));
        GramianException error = assertThrows(GramianException.class,
                () -> new TrlPreferenceEncoder(tokenizer, max, TruncationPolicy.ERROR, w -> { }).encode(pair, "f", 7));
        assertTrue(error.getMessage().startsWith("f:7: pair is "), error.getMessage());
    }

    @Test
    void conversationsNeedATemplateAndPlainTextNeedsAnEos() {
        HfTokenizer noTemplate = HfTokenizer.load(fixture("tiny-gpt2"));
        ConversationPair conversation = new ConversationPair(List.of(new ChatMessage("user", "hi")),
                List.of(new ChatMessage("assistant", "good")), List.of(new ChatMessage("assistant", "bad")));
        GramianException missing = assertThrows(GramianException.class, () -> new TrlPreferenceEncoder(noTemplate,
                64, TruncationPolicy.ERROR, w -> { }).encode(conversation, "data.jsonl", 3));
        assertTrue(missing.getMessage().startsWith("data.jsonl:3: conversational pairs need the model's chat "
                + "template"), missing.getMessage());
        HfTokenizer bare = HfTokenizer.read(fixture("tiny-gpt2").resolve("tokenizer.json"));
        GramianException noEos = assertThrows(GramianException.class, () -> new TrlPreferenceEncoder(bare, 64,
                TruncationPolicy.ERROR, w -> { }).encode(new PreferencePair("a", " b", " c"), "d", 1));
        assertEquals(GramianException.Category.USAGE, noEos.category());
    }

    @Test
    void theByteTokenizerHasNoTemplateAndItsPlainRuleIsUnchanged() {
        ByteTokenizer bytes = new ByteTokenizer();
        assertArrayEquals(bytes.encode("ab"), bytes.encode("ab", true));
        assertTrue(bytes.chatTemplate().isEmpty());
    }
}
