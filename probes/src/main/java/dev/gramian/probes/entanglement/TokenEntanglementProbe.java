package dev.gramian.probes.entanglement;

import dev.gramian.api.model.TokenGram;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.TokenGeometry;
import dev.gramian.api.probe.TokenPairs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's heat map: for the first {@code pairs} probe pairs, every {@code every} steps, one row
 * of table {@code token-entanglement} with {@code step}, {@code pair}, {@code chosen_tokens} and
 * {@code rejected_tokens} (as text), {@code cosine} (the chosen × rejected matrix of per-token
 * gradient cosines, NaN where a token gradient is zero), {@code contribution_chosen} (per chosen
 * token t, Σ_s ⟨g_t, g_s⟩, its share of ⟨g_w, g_l⟩), {@code contribution_rejected} (per rejected
 * token, the column sums) and {@code inner_product} (their total, ⟨g_w, g_l⟩). Costs one backward
 * pass per response token of each pair.
 */
public final class TokenEntanglementProbe implements GradientProbe {
    /** The table's name ({@code token-entanglement.jsonl} in a run directory). */
    public static final String TABLE = "token-entanglement";

    private final int every;
    private final int pairs;

    /**
     * @param every probe every this many steps, at least 1
     * @param pairs how many probe pairs to map, at least 1
     */
    public TokenEntanglementProbe(int every, int pairs) {
        if (every < 1 || pairs < 1) {
            throw new IllegalArgumentException("interval and pairs must be at least 1, got " + every + ", " + pairs);
        }
        this.every = every;
        this.pairs = pairs;
    }

    @Override
    public int interval() {
        return every;
    }

    @Override
    public boolean wants(Need need) {
        return need == Need.TOKENS;
    }

    @Override
    public void observeTokens(long step, TokenPairs probeSet, MetricSink sink) {
        for (int i = 0; i < Math.min(pairs, probeSet.size()); i++) {
            sink.row(TABLE, row(step, probeSet.pair(i)));
        }
    }

    private static Map<String, Object> row(long step, TokenGeometry geometry) {
        TokenGram gram = geometry.gram();
        int chosen = gram.chosenSqNorms().length;
        int rejected = gram.rejectedSqNorms().length;
        List<List<Double>> cosine = new ArrayList<>(chosen);
        List<Double> byChosen = new ArrayList<>(chosen);
        double[] byRejected = new double[rejected];
        double total = 0;
        for (int t = 0; t < chosen; t++) {
            List<Double> cells = new ArrayList<>(rejected);
            double rowSum = 0;
            for (int s = 0; s < rejected; s++) {
                cells.add(gram.cosine(t, s));
                rowSum += gram.innerProducts()[t][s];
                byRejected[s] += gram.innerProducts()[t][s];
            }
            cosine.add(cells);
            byChosen.add(rowSum);
            total += rowSum;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("pair", geometry.pair());
        row.put("chosen_tokens", geometry.chosenTokens());
        row.put("rejected_tokens", geometry.rejectedTokens());
        row.put("cosine", cosine);
        row.put("contribution_chosen", byChosen);
        row.put("contribution_rejected", Arrays.stream(byRejected).boxed().toList());
        row.put("inner_product", total);
        return row;
    }
}
