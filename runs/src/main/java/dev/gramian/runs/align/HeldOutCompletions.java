package dev.gramian.runs.align;

import dev.gramian.api.checkpoint.AtomicFile;
import dev.gramian.api.generation.Completions;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.runs.JsonLine;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the policy says to a few held-out prompts before and after alignment, decoded greedily with
 * the model's key/value cache ({@link Completions#greedy}) up to the tokenizer's EOS:
 * {@value RunDirectory#COMPLETIONS} holds one row per prompt, {@code pair} (its index among the
 * pairs), {@code prompt}, {@code chosen}, {@code rejected}, {@code before} and {@code after} (null
 * until the run ends), written whole each time; the report shows them side by side. A resumed run
 * keeps the rows it finds and fills in {@code after}.
 *
 * @param pairs     the pairs whose prompts are completed
 * @param tokenizer what the pairs were encoded with
 */
record HeldOutCompletions(List<EncodedPair> pairs, Tokenizer tokenizer) {
    /** The most tokens a completion adds. */
    static final int MAX_NEW_TOKENS = 64;

    /**
     * The first {@code count} held-out pairs of {@code data}, or training pairs when none is held
     * out; null when {@code count} is 0.
     */
    static HeldOutCompletions of(PreferenceDataSpec.Prepared data, int count, Tokenizer tokenizer) {
        if (count == 0) {
            return null;
        }
        List<EncodedPair> source = data.eval().isEmpty() ? data.train() : data.eval();
        return new HeldOutCompletions(List.copyOf(source.subList(0, Math.min(count, source.size()))), tokenizer);
    }

    /** Completes the prompts with {@code policy} before training, unless a resumed run already did. */
    void before(RunDirectory run, LanguageModel policy) {
        Path file = run.file(RunDirectory.COMPLETIONS);
        if (run.resuming() && Files.isRegularFile(file)) {
            return;
        }
        List<String> before = complete(policy);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            EncodedPair pair = pairs.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pair", i);
            row.put("prompt", tokenizer.decode(Arrays.copyOf(pair.chosen().tokens(), pair.chosen().responseStart())));
            row.put("chosen", response(pair.chosen()));
            row.put("rejected", response(pair.rejected()));
            row.put("before", before.get(i));
            row.put("after", null);
            rows.add(row);
        }
        write(file, rows);
    }

    /** Completes the prompts with {@code policy} after training and fills in the rows' {@code after}. */
    void after(RunDirectory run, LanguageModel policy) {
        Path file = run.file(RunDirectory.COMPLETIONS);
        List<String> after = complete(policy);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonLine line : RunJson.readLines(file)) {
            Map<String, Object> row = new LinkedHashMap<>();
            line.value().fields().forEachRemaining(field -> row.put(field.getKey(), field.getValue().isNull() ? null
                    : field.getValue().asText()));
            int pair = line.value().path("pair").asInt(-1);
            if (pair < 0 || pair >= after.size()) {
                throw line.error("names pair " + pair + ", but the run completes " + after.size() + " prompts");
            }
            row.put("pair", pair);
            row.put("after", after.get(pair));
            rows.add(row);
        }
        write(file, rows);
    }

    private List<String> complete(LanguageModel policy) {
        return Completions.greedy(policy, tokenizer, pairs.stream().map(EncodedPair::chosen).toList(), MAX_NEW_TOKENS);
    }

    private String response(Sequence sequence) {
        return tokenizer.decode(Arrays.copyOfRange(sequence.tokens(), sequence.responseStart(), sequence.length()));
    }

    private static void write(Path file, List<Map<String, Object>> rows) {
        AtomicFile.write(file, out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Map<String, Object> row : rows) {
                writer.write(RunJson.line(row));
                writer.write('\n');
            }
            writer.flush();
        });
    }
}
