package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.tokenizers.ByteTokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.objectives.margin.data.TrlPreferenceEncoder;
import dev.gramian.tokenizers.hf.HfTokenizer;
import dev.gramian.runs.FileDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a run's pairs are read, held out, cut to length and described in config.json. */
class PreferenceDataSpecTest {
    private static final PluginCatalog CATALOG = PluginCatalog.load(List.of());
    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @TempDir
    Path temp;

    private Path pairs(String name, int count, int longPromptEvery) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String prompt = (longPromptEvery > 0 && i % longPromptEvery == 0 ? "a much longer prompt " : "") + "q" + i
                    + ": ";
            lines.add("{\"prompt\": \"" + prompt + "\", \"chosen\": \"yes\", \"rejected\": \"no\"}");
        }
        return Files.write(temp.resolve(name), lines);
    }

    private static PreferenceDataSpec file(Path data, Path evalData, Double fraction, int maxLength,
                                           TruncationPolicy truncation) {
        return new PreferenceDataSpec(data, null, Map.of(), evalData, fraction, maxLength, truncation);
    }

    private static Set<String> prompts(List<EncodedPair> pairs) {
        Set<String> prompts = new HashSet<>();
        for (EncodedPair pair : pairs) {
            int[] tokens = pair.chosen().tokens();
            prompts.add(TOKENIZER.decode(Arrays.copyOf(tokens, pair.chosen().responseStart())));
        }
        return prompts;
    }

    @Test
    void aSeededShareIsHeldOutAndTheSplitDependsOnTheSeed() throws IOException {
        Path data = pairs("pairs.jsonl", 40, 0);
        var first = file(data, null, 0.25, 64, TruncationPolicy.ERROR).prepare(CATALOG, TOKENIZER, 1);
        assertEquals(30, first.train().size());
        assertEquals(10, first.eval().size());
        Set<String> held = prompts(first.eval());
        assertTrue(prompts(first.train()).stream().noneMatch(held::contains), "train and eval share pairs");
        assertEquals(held, prompts(file(data, null, 0.25, 64, TruncationPolicy.ERROR)
                .prepare(CATALOG, TOKENIZER, 1).eval()));
        assertNotEquals(held, prompts(file(data, null, 0.25, 64, TruncationPolicy.ERROR)
                .prepare(CATALOG, TOKENIZER, 2).eval()));
        assertEquals(0.25, first.description().at("/data/eval_fraction").asDouble());
        assertEquals(FileDigest.sha256(data), first.description().at("/data/sha256").asText());
    }

    @Test
    void aSeparateEvalFileIsHeldOutWhole() throws IOException {
        Path train = pairs("train.jsonl", 12, 0);
        Path eval = pairs("eval.jsonl", 5, 0);
        var prepared = file(train, eval, null, 64, TruncationPolicy.ERROR).prepare(CATALOG, TOKENIZER, 1);
        assertEquals(12, prepared.train().size());
        assertEquals(5, prepared.eval().size());
        assertEquals(FileDigest.sha256(eval), prepared.description().at("/data/eval_sha256").asText());
    }

    @Test
    void skipAndKeepEndHandleLongPairsAndAreRecorded() throws IOException {
        Path data = pairs("pairs.jsonl", 20, 4);
        var skipped = file(data, null, 0.0, 12, TruncationPolicy.SKIP).prepare(CATALOG, TOKENIZER, 1);
        assertEquals(15, skipped.train().size());
        assertEquals(5, skipped.description().at("/data/skipped_pairs").asInt());
        assertEquals("skip", skipped.description().at("/data/truncation").asText());
        var kept = file(data, null, 0.0, 12, TruncationPolicy.KEEP_END).prepare(CATALOG, TOKENIZER, 1);
        assertEquals(20, kept.train().size());
        assertTrue(kept.train().stream().allMatch(p -> p.chosen().tokens().length <= 12));
        GramianException error = assertThrows(GramianException.class,
                () -> file(data, null, 0.0, 12, TruncationPolicy.ERROR).prepare(CATALOG, TOKENIZER, 1));
        assertTrue(error.getMessage().startsWith(data + ":1: pair is "), error.getMessage());
    }

    @Test
    void aBuiltInDataSetIsDescribedByIdAndEveryOption() {
        var prepared = new PreferenceDataSpec(null, "1t", Map.of("size", "50"), null, 0.2, 64,
                TruncationPolicy.ERROR).prepare(CATALOG, TOKENIZER, 1);
        assertEquals(40, prepared.train().size());
        assertEquals(10, prepared.eval().size());
        assertEquals("dataset:1t", prepared.description().at("/data/source").asText());
        assertEquals("50", prepared.description().at("/dataset/options/size").asText());
        assertEquals("0.2", prepared.description().at("/dataset/options/eval_fraction").asText());
        GramianException twice = assertThrows(GramianException.class, () -> new PreferenceDataSpec(null, "1t",
                Map.of("eval_fraction", "0.2"), null, 0.2, 64, TruncationPolicy.ERROR).prepare(CATALOG, TOKENIZER, 1));
        assertTrue(twice.getMessage().contains("--eval-fraction or -D eval_fraction"), twice.getMessage());
    }

    @Test
    void aHuggingFaceTokenizerEncodesPlainAndConversationalFilesAsTrlDoes() throws Exception {
        Path folder = Path.of(getClass().getResource("/hf-tiny/tiny-llama").toURI());
        Path data = Path.of(getClass().getResource("/hf-tiny/tiny-llama.pairs.jsonl").toURI());
        HfTokenizer tokenizer = HfTokenizer.load(folder);
        PreferenceDataSpec spec = file(data, null, 0.0, 512, TruncationPolicy.ERROR);
        List<String> warnings = new ArrayList<>();
        var prepared = spec.prepare(CATALOG, new TrlPreferenceEncoder(tokenizer, spec.maxLength(), spec.truncation(),
                warnings::add), 1);
        Set<String> expected = new HashSet<>();
        for (String line : Files.readAllLines(Path.of(getClass().getResource("/hf-tiny/tiny-llama.expected.jsonl")
                .toURI()))) {
            var ids = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("expected");
            expected.add(ids.get("ids_chosen") + " " + ids.get("ids_rejected"));
        }
        Set<String> actual = new HashSet<>();
        for (EncodedPair pair : prepared.train()) {
            actual.add(Arrays.toString(pair.chosen().tokens()).replace(" ", "") + " "
                    + Arrays.toString(pair.rejected().tokens()).replace(" ", ""));
        }
        assertEquals(26, prepared.train().size());
        assertEquals(expected, actual);
        assertEquals(List.of(), warnings);
        GramianException own = assertThrows(GramianException.class, () -> spec.prepare(CATALOG, TOKENIZER, 1));
        assertTrue(own.getMessage().endsWith("conversational pairs need a model folder with a chat template; "
                + "Gramian's own models read plain text"), own.getMessage());
    }
}
