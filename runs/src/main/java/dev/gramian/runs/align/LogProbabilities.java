package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.data.TrlPreferenceEncoder;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.runs.pretrained.PretrainedFolder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code gramian logps}: the policy's (and optionally a reference model's) summed response
 * log-probabilities of every pair of a preference file, tokenised as TRL's DPOTrainer does, one
 * JSON object per pair in input order with {@code logp_chosen}, {@code logp_rejected},
 * {@code len_chosen}, {@code len_rejected} and, with a reference, {@code ref_logp_chosen} and
 * {@code ref_logp_rejected}: exactly the input of {@code gramian objective eval}.
 *
 * @param model      the policy's model folder
 * @param reference  the reference's model folder, or null
 * @param data       the JSON Lines preference file
 * @param maxLength  the longest pair in tokens, or 0 for the model's context
 * @param truncation what to do with longer pairs
 * @param batchPairs pairs scored per call
 */
public record LogProbabilities(Path model, Path reference, Path data, int maxLength, TruncationPolicy truncation,
                               int batchPairs) {

    /** Pairs scored per call by default. */
    public static final int DEFAULT_BATCH_PAIRS = 8;

    /** Writes one line per pair to {@code out}; tokenisation warnings go to {@code warnings}. */
    public void write(Backend backend, PrintWriter out, Consumer<String> warnings) {
        PretrainedFolder policyFolder = PretrainedFolder.load(model);
        PretrainedFolder referenceFolder = reference == null ? null : PretrainedFolder.load(reference);
        int limit = maxLength > 0 ? maxLength : policyFolder.spec().context() + 1;
        List<EncodedPair> pairs = PreferenceDataSpec.encodeInOrder(data,
                new TrlPreferenceEncoder(policyFolder.tokenizer(), limit, truncation, warnings));
        double[][] policy = score(policyFolder.model(backend), pairs);
        double[][] ref = referenceFolder == null ? null : score(referenceFolder.model(backend), pairs);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < pairs.size(); i++) {
            ObjectNode line = json.createObjectNode();
            line.put("logp_chosen", policy[0][i]);
            line.put("logp_rejected", policy[1][i]);
            line.put("len_chosen", pairs.get(i).chosen().responseLength());
            line.put("len_rejected", pairs.get(i).rejected().responseLength());
            if (ref != null) {
                line.put("ref_logp_chosen", ref[0][i]);
                line.put("ref_logp_rejected", ref[1][i]);
            }
            try {
                out.println(json.writeValueAsString(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
    }

    /** Chosen and rejected log-probabilities of every pair, {@code batchPairs} pairs per call; closes the model. */
    private double[][] score(LanguageModel model, List<EncodedPair> pairs) {
        try (model) {
            double[][] out = new double[2][pairs.size()];
            for (int start = 0; start < pairs.size(); start += batchPairs) {
                int end = Math.min(pairs.size(), start + batchPairs);
                List<Sequence> batch = new ArrayList<>();
                pairs.subList(start, end).forEach(p -> batch.add(p.chosen()));
                pairs.subList(start, end).forEach(p -> batch.add(p.rejected()));
                SequenceScores scores = model.score(batch);
                for (int i = start; i < end; i++) {
                    out[0][i] = scores.logp()[i - start];
                    out[1][i] = scores.logp()[end - start + i - start];
                }
            }
            return out;
        }
    }
}
