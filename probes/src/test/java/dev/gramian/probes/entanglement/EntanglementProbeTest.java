package dev.gramian.probes.entanglement;

import dev.gramian.api.model.TokenGram;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairGeometry;
import dev.gramian.api.probe.PairStep;
import dev.gramian.api.probe.TokenGeometry;
import dev.gramian.api.probe.TokenPairs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntanglementProbeTest {

    /** Records what a probe writes. */
    private static final class Recorder implements MetricSink {
        final Map<String, Double> scalars = new LinkedHashMap<>();
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<String> tables = new ArrayList<>();

        @Override
        public void scalar(String name, double value) {
            scalars.put(name, value);
        }

        @Override
        public void row(String table, Map<String, Object> row) {
            tables.add(table);
            rows.add(row);
        }
    }

    private static GradientProbe create(dev.gramian.api.plugin.PluginProvider<GradientProbe> provider,
                                        Map<String, String> options) {
        return provider.create(Options.resolve(provider.info(), options));
    }

    @Test
    void classifiesPairsByThePerPairLawAndAggregates() {
        // DPO-like weights d_w = −1, d_l = +1. Pair 0: ip = 1 < both norms 4, 9 (ideal, cosine 1/6);
        // pair 1: ‖g_w‖² = 1 ≤ ip = 2 ≤ ‖g_l‖² = 9 (both fall); pair 2: ‖g_l‖² = 1 ≤ ip = 2 ≤ ‖g_w‖² = 9
        // (both rise); pair 3 has a zero chosen gradient (NaN cosine, other).
        PairGeometry geometry = new PairGeometry(40, new double[]{4, 1, 9, 0}, new double[]{9, 9, 1, 4},
                new double[]{1, 2, 2, 0}, new double[]{-1, -1, -1, -1}, new double[]{1, 1, 1, 1});
        PairStep step = new PairStep(geometry, new double[]{0.3, -0.1, 0.7, 0}, new double[]{-0.8, -0.7, 0.1, 0},
                new double[]{0.31, -0.09, 0.69, 0}, new double[]{-0.79, -0.71, 0.12, 0});
        Recorder sink = new Recorder();
        GradientProbe probe = create(new EntanglementProbeProvider(), Map.of("every", "5"));
        assertEquals(5, probe.interval());
        assertTrue(probe.wants(GradientProbe.Need.STEP));
        assertFalse(probe.wants(GradientProbe.Need.TOKENS));
        probe.observeStep(step, sink);

        List<String> cases = sink.rows.stream().map(r -> (String) r.get("case")).toList();
        assertEquals(List.of("ideal", "both_fall", "both_rise", "other"), cases);
        assertEquals(List.of(EntanglementProbe.TABLE), sink.tables.stream().distinct().toList());
        Map<String, Object> first = sink.rows.get(0);
        assertEquals(40L, first.get("step"));
        assertEquals(1.0 / 6, (double) first.get("cosine"), 1e-15);
        assertEquals(1.0, (double) first.get("weight_ratio"));
        assertEquals(0.31, first.get("realised_delta_chosen"));
        assertTrue(((Double) sink.rows.get(3).get("cosine")).isNaN());

        double[] cosines = {1.0 / 6, 2.0 / 3, 2.0 / 3};
        assertEquals((cosines[0] + cosines[1] + cosines[2]) / 3, sink.scalars.get("entanglement/cosine_mean"), 1e-15);
        assertEquals(2.0 / 3, sink.scalars.get("entanglement/cosine_p50"), 1e-15);
        assertEquals(1.0 / 6 + 0.2 * (2.0 / 3 - 1.0 / 6), sink.scalars.get("entanglement/cosine_p10"), 1e-15);
        assertEquals(0.25, sink.scalars.get("entanglement/frac_ideal"));
        assertEquals(0.25, sink.scalars.get("entanglement/frac_both_fall"));
        assertEquals(0.25, sink.scalars.get("entanglement/frac_both_rise"));
        assertEquals(0.225, sink.scalars.get("entanglement/predicted_delta_chosen"), 1e-15);
        assertEquals(-0.345, sink.scalars.get("entanglement/realised_delta_rejected"), 1e-15);
    }

    @Test
    void lengthNormalisedWeightsMoveTheBoundary() {
        // SimPO-like a_w/a_l = |y_l|/|y_w| = 2: chosen rises while ip < 2‖g_w‖², so ip = 3 > ‖g_w‖² = 2
        // is still ideal, where DPO weights would make both fall.
        PairGeometry simpo = new PairGeometry(0, new double[]{2}, new double[]{10}, new double[]{3},
                new double[]{-1}, new double[]{0.5});
        PairGeometry dpo = new PairGeometry(0, new double[]{2}, new double[]{10}, new double[]{3},
                new double[]{-1}, new double[]{1});
        assertEquals(EntanglementCase.IDEAL, EntanglementCase.of(simpo, 0));
        assertEquals(EntanglementCase.BOTH_FALL, EntanglementCase.of(dpo, 0));
    }

    @Test
    void tokenProbeWritesTheCosineMapAndContributionsOfTheFirstPairs() {
        TokenGram gram = new TokenGram(new double[]{1, 4}, new double[]{1, 1, 9},
                new double[][]{{1, 0, -3}, {2, 0.5, 6}});
        List<Integer> asked = new ArrayList<>();
        TokenPairs pairs = new TokenPairs() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public TokenGeometry pair(int i) {
                asked.add(i);
                return new TokenGeometry(7, i, List.of("a", "b"), List.of("a", "c", "d"), gram);
            }
        };
        Recorder sink = new Recorder();
        GradientProbe probe = create(new TokenEntanglementProbeProvider(), Map.of("pairs", "2"));
        assertTrue(probe.wants(GradientProbe.Need.TOKENS));
        probe.observeTokens(7, pairs, sink);
        assertEquals(List.of(0, 1), asked, "only the first two pairs are computed");
        Map<String, Object> row = sink.rows.get(1);
        assertEquals(TokenEntanglementProbe.TABLE, sink.tables.get(1));
        assertEquals(1, row.get("pair"));
        assertEquals(List.of("a", "c", "d"), row.get("rejected_tokens"));
        assertEquals(List.of(List.of(1.0, 0.0, -1.0), List.of(1.0, 0.25, 1.0)), row.get("cosine"));
        assertEquals(List.of(-2.0, 8.5), row.get("contribution_chosen"));
        assertEquals(List.of(3.0, 0.5, 3.0), row.get("contribution_rejected"));
        assertEquals(6.5, row.get("inner_product"));
    }
}
