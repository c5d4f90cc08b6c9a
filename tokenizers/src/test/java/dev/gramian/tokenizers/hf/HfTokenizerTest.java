package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfTokenizerTest {
    /** Texts with Unicode, emoji, tabs, newlines, CRLF and leading or repeated spaces. */
    static final List<String> AWKWARD = List.of("Ünïcödé ✓ café", "emoji 🚀🔥👍🏽 👩‍💻", "\ttab\tand\nnewline\r\n",
            "  leading spaces", "trailing   ", "東京は日本の首都です。", "a\u00a0b\u3000c", "", " ", "\n\n\n",
            "it's 2024's \"quote\" <|endoftext|> mid");

    static Path fixture(String name) {
        try {
            return Path.of(HfTokenizerTest.class.getResource("/hf-tiny/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode tinyGpt2() throws IOException {
        return (ObjectNode) TokenizerJsonBuilder.JSON.readTree(Files.readString(fixture("tiny-gpt2")
                .resolve("tokenizer.json")));
    }

    private static final List<String> PIECES = List.of("▁", "h", "i", "e", "l", "o", "!", "w", "r", "d", "▁h", "ll",
            "▁hi", "▁he", "▁hell", "▁hello", "or", "wor", "▁wor", "ld", "▁world");
    private static final List<String[]> MERGES = List.of(new String[] {"▁", "h"}, new String[] {"l", "l"},
            new String[] {"▁h", "i"}, new String[] {"▁h", "e"}, new String[] {"▁he", "ll"},
            new String[] {"▁hell", "o"}, new String[] {"o", "r"}, new String[] {"w", "or"},
            new String[] {"▁", "wor"}, new String[] {"l", "d"}, new String[] {"▁wor", "ld"});

    private static int piece(String text) {
        return 259 + PIECES.indexOf(text);
    }

    private static int bytes(int b) {
        return 3 + b;
    }

    private static HfTokenizer sentencePiece(boolean metaspace) {
        return HfTokenizer.parse("sp.json", TokenizerJsonBuilder.text(
                TokenizerJsonBuilder.sentencePiece(PIECES, MERGES, metaspace)));
    }

    @Test
    void sentencePieceBpeMergesByRankAndFallsBackToBytes() {
        for (boolean metaspace : new boolean[] {false, true}) {
            HfTokenizer tokenizer = sentencePiece(metaspace);
            assertArrayEquals(new int[] {1, piece("▁hello"), piece("▁world"), piece("!")},
                    tokenizer.encode("hello world!", true));
            assertArrayEquals(new int[] {piece("▁hello"), piece("▁world"), piece("!")},
                    tokenizer.encode("hello world!", false));
            assertArrayEquals(new int[] {piece("▁hi"), piece("▁"), bytes(0xC3), bytes(0xA9)}, tokenizer.encode("hi é"));
            assertArrayEquals(new int[] {piece("▁"), bytes(0xF0), bytes(0x9F), bytes(0x98), bytes(0x80)},
                    tokenizer.encode("😀"));
            for (String text : List.of("hello world!", "hi é", "😀 tab\there\nnew ü", "a  b")) {
                assertEquals(text, tokenizer.decode(tokenizer.encode(text, true)), text);
            }
        }
    }

    @Test
    void normaliserPrependsToEveryStretchButMetaspaceFirstOnlyAtTheStart() {
        assertArrayEquals(new int[] {1, piece("▁hi")}, sentencePiece(false).encode("<s>hi"));
        assertArrayEquals(new int[] {1, piece("h"), piece("i")}, sentencePiece(true).encode("<s>hi"));
    }

    @Test
    void stringMergesGiveTheSameIdsAsPairMerges() throws IOException {
        ObjectNode pairs = tinyGpt2();
        assertTrue(pairs.get("model").get("merges").get(0).isArray());
        HfTokenizer fromPairs = HfTokenizer.parse("pairs.json", TokenizerJsonBuilder.text(pairs));
        HfTokenizer fromStrings = HfTokenizer.parse("strings.json",
                TokenizerJsonBuilder.text(TokenizerJsonBuilder.withStringMerges(pairs)));
        HfTokenizer spPairs = sentencePiece(false);
        HfTokenizer spStrings = HfTokenizer.parse("sp-strings.json", TokenizerJsonBuilder.text(
                TokenizerJsonBuilder.withStringMerges(TokenizerJsonBuilder.sentencePiece(PIECES, MERGES, false))));
        for (String text : AWKWARD) {
            assertArrayEquals(fromPairs.encode(text, true), fromStrings.encode(text, true), text);
            assertArrayEquals(spPairs.encode(text, true), spStrings.encode(text, true), text);
        }
        assertArrayEquals(spPairs.encode("hello world!"), spStrings.encode("hello world!"));
    }

    @Test
    void byteLevelDecodingRestoresEveryText() {
        HfTokenizer tokenizer = HfTokenizer.load(fixture("tiny-gpt2"));
        for (String text : AWKWARD) {
            String plain = text.replace("<|endoftext|>", "");
            assertEquals(plain, tokenizer.decode(tokenizer.encode(text)), text);
            int[] ids = tokenizer.encode(text);
            assertTrue(Arrays.stream(ids).allMatch(id -> id >= 0 && id < tokenizer.vocabularySize()), text);
        }
        assertArrayEquals(new int[] {0}, tokenizer.encode("<|endoftext|>"));
        assertEquals(0, tokenizer.eos().getAsInt());
        assertEquals("<|endoftext|>", tokenizer.token(0).orElseThrow());
        assertEquals(0, tokenizer.tokenId("<|endoftext|>").getAsInt());
        assertTrue(tokenizer.chatTemplate().isEmpty());
        assertEquals(384, tokenizer.vocabularySize());
    }

    @Test
    void templateProcessingAddsBosOnlyWithSpecialTokens() {
        HfTokenizer llama = HfTokenizer.load(fixture("tiny-llama"));
        int[] plain = llama.encode("music it scene", false);
        int[] special = llama.encode("music it scene", true);
        assertEquals(0, special[0]);
        assertArrayEquals(plain, Arrays.copyOfRange(special, 1, special.length));
        assertArrayEquals(new int[] {0}, llama.encode("", true));
        assertEquals(0, llama.bos().getAsInt());
        assertEquals(1, llama.eos().getAsInt());
        assertTrue(llama.pad().isEmpty());
        assertTrue(llama.chatTemplate().isPresent());
    }

    private static ObjectNode withAddedToken(ObjectNode tokenizer, String content, int id, boolean lstrip,
                                              boolean rstrip, boolean singleWord, boolean normalized) {
        ObjectNode copy = tokenizer.deepCopy();
        ((ArrayNode) copy.get("added_tokens")).addObject().put("id", id).put("content", content)
                .put("single_word", singleWord).put("lstrip", lstrip).put("rstrip", rstrip)
                .put("normalized", normalized).put("special", false);
        return copy;
    }

    private static int[] encodeWith(ObjectNode tokenizer, String text) {
        return HfTokenizer.parse("t.json", TokenizerJsonBuilder.text(tokenizer)).encode(text);
    }

    @Test
    void addedTokensHonourLstripRstripSingleWordAndNormalized() throws IOException {
        ObjectNode sp = TokenizerJsonBuilder.sentencePiece(PIECES, MERGES, false);
        int mask = 280;
        int hi = piece("▁hi");
        int space = piece("▁");
        int hello = piece("▁hello");
        assertArrayEquals(new int[] {hi, space, mask, space, hello},
                encodeWith(withAddedToken(sp, "<mask>", mask, false, false, false, false), "hi <mask> hello"));
        assertArrayEquals(new int[] {hi, mask, space, hello},
                encodeWith(withAddedToken(sp, "<mask>", mask, true, false, false, false), "hi <mask> hello"));
        assertArrayEquals(new int[] {hi, space, mask, hello},
                encodeWith(withAddedToken(sp, "<mask>", mask, false, true, false, false), "hi <mask> hello"));
        ObjectNode single = withAddedToken(sp, "<mask>", mask, false, false, true, false);
        assertFalse(Arrays.stream(encodeWith(single, "hi<mask>")).anyMatch(id -> id == mask));
        assertTrue(Arrays.stream(encodeWith(single, "hi <mask>")).anyMatch(id -> id == mask));

        ObjectNode nfc = tinyGpt2();
        nfc.putObject("normalizer").put("type", "NFC");
        int accent = 384;
        String decomposed = "cafe\u0301";
        assertEquals(accent, last(encodeWith(withAddedToken(nfc, "é", accent, false, false, false, true), decomposed)));
        assertTrue(last(encodeWith(withAddedToken(nfc, "é", accent, false, false, false, false), decomposed)) != accent);
    }

    private static int last(int[] ids) {
        return ids[ids.length - 1];
    }

    private static GramianException rejected(ObjectNode tokenizer) {
        return assertThrows(GramianException.class, () -> HfTokenizer.parse("tokenizer.json",
                TokenizerJsonBuilder.text(tokenizer)));
    }

    @Test
    void unsupportedComponentsAndBrokenFilesAreOneInputErrorNamingTheFileAndPath() throws IOException {
        ObjectNode wordPiece = tinyGpt2();
        ((ObjectNode) wordPiece.get("model")).put("type", "WordPiece");
        GramianException model = rejected(wordPiece);
        assertEquals(GramianException.Category.INPUT, model.category());
        assertEquals("tokenizer.json: $.model.type: unsupported tokenizer model 'WordPiece'; supported: BPE",
                model.getMessage());

        ObjectNode bert = tinyGpt2();
        ObjectNode sequence = bert.putObject("pre_tokenizer").put("type", "Sequence");
        sequence.putArray("pretokenizers").add(bert.get("decoder").deepCopy()).addObject()
                .put("type", "BertPreTokenizer");
        assertTrue(rejected(bert).getMessage().startsWith("tokenizer.json: $.pre_tokenizer.pretokenizers[1].type: "
                + "unsupported pre-tokenizer 'BertPreTokenizer'; supported: "), rejected(bert).getMessage());

        ObjectNode precompiled = tinyGpt2();
        precompiled.putObject("normalizer").put("type", "Precompiled");
        assertTrue(rejected(precompiled).getMessage().startsWith("tokenizer.json: $.normalizer.type: unsupported "
                + "normalizer 'Precompiled'"));

        ObjectNode unknownMerge = tinyGpt2();
        ((ArrayNode) unknownMerge.get("model").get("merges")).insertArray(0).add("Ġ").add("nope");
        assertEquals("tokenizer.json: $.model.merges[0]: token \"nope\" is not in the vocabulary",
                rejected(unknownMerge).getMessage());

        ObjectNode badRegex = tinyGpt2();
        ObjectNode split = badRegex.putObject("pre_tokenizer").put("type", "Split").put("behavior", "Isolated");
        split.putObject("pattern").put("Regex", "(unclosed");
        assertTrue(rejected(badRegex).getMessage().startsWith("tokenizer.json: $.pre_tokenizer.pattern.Regex: "
                + "cannot compile the regex"));

        GramianException malformed = assertThrows(GramianException.class,
                () -> HfTokenizer.parse("tokenizer.json", "{\"model\": {"));
        assertTrue(malformed.getMessage().startsWith("tokenizer.json: malformed JSON"), malformed.getMessage());
        GramianException missing = assertThrows(GramianException.class,
                () -> HfTokenizer.load(fixture("tiny-gpt2").resolve("nothing-here")));
        assertTrue(missing.getMessage().endsWith("tokenizer.json: no such file"), missing.getMessage());
    }

    @Test
    void aFolderTakesSpecialTokensAndTheDefaultTemplateFromTokenizerConfig(@TempDir Path folder) throws IOException {
        Files.copy(fixture("tiny-gpt2").resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"bos_token\": {\"__type\": \"AddedToken\", "
                + "\"content\": \"<|endoftext|>\"}, \"eos_token\": \"<|endoftext|>\", \"pad_token\": null, "
                + "\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"tools\"}, "
                + "{\"name\": \"default\", \"template\": \"{{ bos_token }}{% for m in messages %}{{ m.content }}"
                + "{% endfor %}\"}]}");
        HfTokenizer tokenizer = HfTokenizer.load(folder);
        assertEquals(0, tokenizer.bos().getAsInt());
        assertTrue(tokenizer.pad().isEmpty());
        assertEquals("<|endoftext|>hi", tokenizer.chatTemplate().orElseThrow()
                .render(List.of(new dev.gramian.api.model.ChatMessage("user", "hi")), false));
        Files.writeString(folder.resolve(HfTokenizer.CHAT_TEMPLATE_FILE), "file wins");
        assertEquals("file wins", HfTokenizer.load(folder).chatTemplate().orElseThrow().render(List.of(), true));

        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"rag\", "
                + "\"template\": \"x\"}], \"eos_token\": \"<none>\"}");
        assertEquals(folder.resolve("tokenizer_config.json") + ": $.chat_template: no template named \"default\" "
                + "among [rag]", assertThrows(GramianException.class, () -> HfTokenizer.load(folder)).getMessage());
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"eos_token\": \"<none>\"}");
        GramianException bad = assertThrows(GramianException.class, () -> HfTokenizer.load(folder));
        assertEquals(folder.resolve("tokenizer_config.json") + ": $.eos_token: \"<none>\" is not a token of "
                + folder.resolve("tokenizer.json"), bad.getMessage());
    }
}
