package dev.gramian.objectives.margin.align;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.objectives.margin.data.EncodedPair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TRL's metrics of the policy's next-token distributions over the response tokens of a set of
 * pairs: {@code entropy} (the mean over every chosen and rejected response token of the
 * distribution's entropy), {@code logits/chosen} and {@code logits/rejected} (the mean over the
 * chosen, or rejected, response tokens of the mean logit over the vocabulary). Accumulates batches.
 */
final class DistributionMetrics {
    private double entropy;
    private double chosenLogits;
    private double rejectedLogits;
    private long chosenTokens;
    private long rejectedTokens;
    private double[] pairWeights = new double[0];

    /** Adds the statistics of B pairs' 2B sequences, the chosen ones first. */
    void add(TokenStatistics stats) {
        int b = stats.size() / 2;
        for (int m = 0; m < stats.size(); m++) {
            for (int j = 0; j < stats.responseLength(m); j++) {
                entropy += stats.entropy()[m][j];
                if (m < b) {
                    chosenLogits += stats.meanLogit()[m][j];
                } else {
                    rejectedLogits += stats.meanLogit()[m][j];
                }
            }
            if (m < b) {
                chosenTokens += stats.responseLength(m);
            } else {
                rejectedTokens += stats.responseLength(m);
            }
        }
    }

    /**
     * Scores {@code pairs} with {@code model}, {@code batchSize} pairs per forward pass, summing the
     * responses' log-probabilities as {@code options} say, and adds each pass's statistics to these
     * metrics.
     *
     * @throws UnsupportedOperationException when the model does not expose its distributions
     */
    ReferenceScores scoreAndAdd(LanguageModel model, List<EncodedPair> pairs, int batchSize, AlignmentOptions options) {
        int n = pairs.size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        int[] lenChosen = new int[n];
        int[] lenRejected = new int[n];
        pairWeights = new double[n];
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            TokenStatistics stats = model.tokenStatistics(ReferenceScores.sequences(pairs.subList(start, end)));
            add(stats);
            int m = end - start;
            double[][] tokens = stats.tokenLogp();
            for (int i = 0; i < m; i++) {
                lenChosen[start + i] = tokens[i].length;
                lenRejected[start + i] = tokens[m + i].length;
                boolean ld = options.ldAlpha().isPresent();
                chosen[start + i] = ld ? options.sequenceLogp(tokens[i], tokens[m + i].length)
                        : stats.sequenceLogp()[i];
                rejected[start + i] = ld ? options.sequenceLogp(tokens[m + i], tokens[i].length)
                        : stats.sequenceLogp()[m + i];
                pairWeights[start + i] = AlignmentOptions.wpoPairWeight(stats, i, m + i);
            }
        }
        return new ReferenceScores(chosen, rejected, lenChosen, lenRejected);
    }

    /** WPO's weight {@code min(1, ω(y_w)·ω(y_l))} of each pair of the last {@link #scoreAndAdd}. */
    double[] pairWeights() {
        return pairWeights.clone();
    }

    /** The three metrics, named with {@code prefix} ({@code ""} or {@code "eval/"}). */
    Map<String, Double> metrics(String prefix) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        long tokens = chosenTokens + rejectedTokens;
        metrics.put(prefix + "entropy", tokens > 0 ? entropy / tokens : 0.0);
        metrics.put(prefix + "logits/chosen", chosenTokens > 0 ? chosenLogits / chosenTokens : 0.0);
        metrics.put(prefix + "logits/rejected", rejectedTokens > 0 ? rejectedLogits / rejectedTokens : 0.0);
        return metrics;
    }
}
