package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of mutated {@code tokenizer.json} files (structural mutations of valid byte-level and
 * SentencePiece files, and byte-level damage to their text): reading each either succeeds, and then
 * encoding and decoding work and give ids inside the vocabulary, or fails with one input error; no
 * other exception, no hang.
 */
class TokenizerJsonFuzzTest {
    private static final int CASES = 3000;
    private static final List<String> TEXTS = List.of("hello world!", "Ünïcödé 🚀 \t\n x", "<s>hi</s>",
            "<|endoftext|>a", "  12345 it's");
    private static final String[] WORDS = {"type", "BPE", "Sequence", "Split", "ByteLevel", "Metaspace", "NFC",
            "Regex", "String", "Isolated", "<s>", "▁", "Ġ", "(", "[", "\\p{L}+", "", "null", "a b"};

    @Test
    void mutatedFilesReadOrFailWithOneInputError() throws Exception {
        List<ObjectNode> seeds = List.of(HfTokenizerTest.tinyGpt2(), TokenizerJsonBuilder.sentencePiece(
                List.of("▁", "h", "i", "▁h", "▁hi"), List.of(new String[] {"▁", "h"}, new String[] {"▁h", "i"}),
                true));
        Random random = new Random(20241203L);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < CASES; i++) {
                ObjectNode seed = seeds.get(i % seeds.size());
                String text = i % 3 == 2 ? damageText(TokenizerJsonBuilder.text(seed), random)
                        : TokenizerJsonBuilder.text(mutate(seed.deepCopy(), random, 1 + random.nextInt(4)));
                HfTokenizer tokenizer;
                try {
                    tokenizer = HfTokenizer.parse("fuzz.json", text);
                } catch (GramianException e) {
                    assertEquals(GramianException.Category.INPUT, e.category(), e.getMessage());
                    assertTrue(e.getMessage().startsWith("fuzz.json"), e.getMessage());
                    outcomes[1]++;
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    fail("case " + i + ": " + e + "\n" + text.substring(0, Math.min(300, text.length())), e);
                    return;
                }
                outcomes[0]++;
                for (String sample : TEXTS) {
                    for (boolean special : new boolean[] {false, true}) {
                        int[] ids = tokenizer.encode(sample, special);
                        for (int id : ids) {
                            assertTrue(id >= 0 && id < tokenizer.vocabularySize(), "case " + i + ": id " + id);
                        }
                        tokenizer.decode(ids);
                    }
                }
            }
        });
        assertTrue(outcomes[0] > 100 && outcomes[1] > 100, "both outcomes occur: " + outcomes[0] + " read, "
                + outcomes[1] + " rejected");
    }

    /** Replaces, removes or retypes {@code count} random nodes of the tree. */
    private static ObjectNode mutate(ObjectNode root, Random random, int count) {
        for (int k = 0; k < count; k++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode container = containers.get(random.nextInt(containers.size()));
            if (container.size() == 0) {
                continue;
            }
            if (container instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                Iterator<String> it = object.fieldNames();
                it.forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(4) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, randomValue(random, object.get(name)));
                }
            } else if (container instanceof ArrayNode array) {
                int index = random.nextInt(array.size());
                if (random.nextInt(4) == 0) {
                    array.remove(index);
                } else {
                    array.set(index, randomValue(random, array.get(index)));
                }
            }
        }
        return root;
    }

    /** Objects and arrays, leaving out the big vocabulary's entries most of the time. */
    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            if (node.size() > 50) {
                return;
            }
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode randomValue(Random random, JsonNode old) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(9)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextInt(5) == 0 ? Integer.MAX_VALUE : random.nextInt(600) - 50);
            case 3 -> f.numberNode(random.nextDouble());
            case 4 -> f.textNode(WORDS[random.nextInt(WORDS.length)]);
            case 5 -> f.arrayNode().add(WORDS[random.nextInt(WORDS.length)]).add(WORDS[random.nextInt(WORDS.length)]);
            case 6 -> f.objectNode().put("type", WORDS[random.nextInt(WORDS.length)]);
            case 7 -> old.isTextual() ? f.textNode(old.textValue() + WORDS[random.nextInt(WORDS.length)]) : f.arrayNode();
            default -> old.isNumber() ? f.numberNode(old.intValue() + random.nextInt(3) - 1) : f.objectNode();
        };
    }

    /** Truncates the text, or flips, deletes or inserts a few characters. */
    private static String damageText(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits && out.length() > 0; k++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.setLength(at);
                case 1 -> out.deleteCharAt(at);
                case 2 -> out.insert(at, "{}[],:\"\\0x".charAt(random.nextInt(10)));
                default -> out.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return out.toString();
    }
}
