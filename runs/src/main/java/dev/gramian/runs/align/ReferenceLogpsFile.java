package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.AtomicFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.runs.JsonLine;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference model's log-probabilities of every training and held-out pair (TRL's
 * {@code precompute_ref_log_probs}), computed once before the first step from the policy's starting
 * parameters and cached in the run directory as {@value RunDirectory#REFERENCE_LOGPS}, so that
 * {@code --resume} reads them instead of scoring every pair again. One JSON object per pair, the
 * training pairs in order and then the held-out ones: {@code split}, {@code ref_logp_chosen},
 * {@code ref_logp_rejected}, {@code len_chosen}, {@code len_rejected} (the numbers round-trip
 * exactly).
 *
 * @param train the training pairs' reference scores
 * @param eval  the held-out pairs'
 */
record ReferenceLogpsFile(ReferenceScores train, ReferenceScores eval) {
    private static final String TRAIN = "train";
    private static final String EVAL = "eval";

    /**
     * The cached scores when resuming a run that has them, otherwise {@code policy}'s (at its current
     * parameters, which must be the reference's), written to the run directory first.
     *
     * @throws GramianException (input) naming the file and line when the cache does not fit the pairs
     */
    static ReferenceLogpsFile readOrCompute(RunDirectory run, LanguageModel policy, List<EncodedPair> train,
                                            List<EncodedPair> eval, int scoringBatch, AlignmentOptions options) {
        Path file = run.file(RunDirectory.REFERENCE_LOGPS);
        if (run.resuming() && Files.isRegularFile(file)) {
            return read(file, train, eval);
        }
        ReferenceLogpsFile computed = new ReferenceLogpsFile(ReferenceScores.of(policy, train, scoringBatch, options),
                ReferenceScores.of(policy, eval, scoringBatch, options));
        computed.write(file);
        return computed;
    }

    private void write(Path file) {
        AtomicFile.write(file, out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writeSplit(writer, TRAIN, train);
            writeSplit(writer, EVAL, eval);
            writer.flush();
        });
    }

    private static void writeSplit(BufferedWriter writer, String split, ReferenceScores scores)
            throws java.io.IOException {
        for (int i = 0; i < scores.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("split", split);
            row.put("ref_logp_chosen", scores.chosen()[i]);
            row.put("ref_logp_rejected", scores.rejected()[i]);
            row.put("len_chosen", scores.lenChosen()[i]);
            row.put("len_rejected", scores.lenRejected()[i]);
            writer.write(RunJson.line(row));
            writer.write('\n');
        }
    }

    private static ReferenceLogpsFile read(Path file, List<EncodedPair> train, List<EncodedPair> eval) {
        List<JsonLine> lines = RunJson.readLines(file);
        if (lines.size() != train.size() + eval.size()) {
            throw GramianException.input(file.toString(), 0, "holds " + lines.size() + " pairs, but the run has "
                    + train.size() + " training and " + eval.size() + " held-out pairs; delete it to score them again");
        }
        return new ReferenceLogpsFile(split(lines.subList(0, train.size()), TRAIN, train),
                split(lines.subList(train.size(), lines.size()), EVAL, eval));
    }

    private static ReferenceScores split(List<JsonLine> lines, String split, List<EncodedPair> pairs) {
        int n = pairs.size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        int[] lenChosen = new int[n];
        int[] lenRejected = new int[n];
        for (int i = 0; i < n; i++) {
            JsonLine line = lines.get(i);
            chosen[i] = line.number("ref_logp_chosen");
            rejected[i] = line.number("ref_logp_rejected");
            lenChosen[i] = (int) line.number("len_chosen");
            lenRejected[i] = (int) line.number("len_rejected");
            if (!split.equals(line.value().path("split").asText()) || Double.isNaN(chosen[i])
                    || Double.isNaN(rejected[i]) || lenChosen[i] != pairs.get(i).chosen().responseLength()
                    || lenRejected[i] != pairs.get(i).rejected().responseLength()) {
                throw line.error("is not the reference scores of " + split + " pair " + i + " (split, numbers and "
                        + "response lengths must match the run's pairs); delete the file to score them again");
            }
        }
        return new ReferenceScores(chosen, rejected, lenChosen, lenRejected);
    }
}
