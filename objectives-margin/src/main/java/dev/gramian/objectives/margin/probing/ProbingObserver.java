package dev.gramian.objectives.margin.probing;

import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.AlignmentUpdate;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.probe.FirstOrderLaw;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairGeometry;
import dev.gramian.api.probe.PairStep;
import dev.gramian.api.probe.TokenGeometry;
import dev.gramian.api.probe.TokenPairs;
import dev.gramian.objectives.margin.align.AlignmentTrainer;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.mitigation.PairLossWeights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Drives {@link GradientProbe}s around alignment steps. When a step is due for a probe (1-based step
 * number divisible by its interval), at the parameters before the step it takes the probe pairs'
 * log-probabilities, the loss's exact per-pair weights at them, and the fast Gram of the probe
 * pairs together with the step's batch (so the cross terms between them are exact), and predicts
 * the step's effect by the batch law {@code Δ = −η Σ_m c_m G[·, m]} over the update's sequence
 * weights c ({@link FirstOrderLaw}); after the step it scores the probe pairs again for the realised
 * change.
 *
 * <p>The probe pairs are either a fixed {@link ProbeSet} ({@link #onProbeSet}: comparable from step
 * to step; the Gram covers P + B pairs) or each step's own batch ({@link #onBatch}: the cheapest,
 * one fast Gram of the B pairs and one scoring pass after the step, as the rule has scored the batch
 * already). Predictions are for the optimiser stepping along the update direction with step size
 * η (plain SGD); an adaptive optimiser rescales coordinates and the prediction then only indicates
 * the direction. A rule that reports no sequence weights gets NaN predictions. Geometry and rows
 * are stamped with the 1-based step number, the {@code metrics.jsonl} line the probe's scalars join.
 */
public final class ProbingObserver implements AlignmentTrainer.StepObserver {
    private final LanguageModel policy;
    private final MarginLoss loss;
    private final List<GradientProbe> probes;
    private final ProbeSet probeSet;
    private final IntFunction<String> tokenText;
    private final MetricSink tables;

    private List<EncodedPair> measured;
    private PairGeometry geometry;
    private double learningRate;
    private double[][] predicted;
    private double[][] before;
    private List<GradientProbe> due = List.of();
    private Map<String, Double> pending = Map.of();

    private ProbingObserver(LanguageModel policy, MarginLoss loss, List<GradientProbe> probes, ProbeSet probeSet,
                            IntFunction<String> tokenText, MetricSink tables) {
        this.policy = policy;
        this.loss = loss;
        this.probes = List.copyOf(probes);
        this.probeSet = probeSet;
        this.tokenText = tokenText;
        this.tables = tables;
    }

    /**
     * Probes a fixed set of pairs.
     *
     * @param tables where probes' table rows go (its scalars are not used: they are returned by
     *               {@link #afterStep} to join the step's metrics)
     */
    public static ProbingObserver onProbeSet(LanguageModel policy, MarginLoss loss, List<GradientProbe> probes,
                                             ProbeSet probeSet, MetricSink tables) {
        return new ProbingObserver(policy, loss, probes, probeSet, probeSet.tokenText(), tables);
    }

    /**
     * Probes each step's own batch.
     *
     * @param tokenText the text of a token id, for token tables
     * @param tables    where probes' table rows go
     */
    public static ProbingObserver onBatch(LanguageModel policy, MarginLoss loss, List<GradientProbe> probes,
                                          IntFunction<String> tokenText, MetricSink tables) {
        return new ProbingObserver(policy, loss, probes, null, tokenText, tables);
    }

    @Override
    public void beforeStep(long step, List<Sequence> chosen, List<Sequence> rejected, double[] refChosen,
                           double[] refRejected, AlignmentUpdate update, double learningRate) {
        long done = step + 1;
        due = probes.stream().filter(p -> done % p.interval() == 0).toList();
        if (due.isEmpty()) {
            return;
        }
        measured = probeSet != null ? probeSet.pairs() : pairs(chosen, rejected);
        Collector sink = new Collector();
        if (due.stream().anyMatch(p -> p.wants(GradientProbe.Need.TOKENS))) {
            TokenPairs tokens = tokenPairs(done);
            due.stream().filter(p -> p.wants(GradientProbe.Need.TOKENS)).forEach(p -> p.observeTokens(done, tokens, sink));
        }
        if (due.stream().anyMatch(p -> p.wants(GradientProbe.Need.STEP))) {
            if (probeSet != null) {
                measureProbeSet(done, chosen, rejected, update, learningRate);
            } else {
                measureBatch(done, chosen, rejected, refChosen, refRejected, update, learningRate);
            }
        }
        pending = sink.scalars;
    }

    private void measureProbeSet(long done, List<Sequence> chosen, List<Sequence> rejected, AlignmentUpdate update,
                                 double rate) {
        int p = probeSet.size();
        List<Sequence> allChosen = new ArrayList<>();
        List<Sequence> allRejected = new ArrayList<>();
        for (EncodedPair pair : probeSet.pairs()) {
            allChosen.add(pair.chosen());
            allRejected.add(pair.rejected());
        }
        allChosen.addAll(chosen);
        allRejected.addAll(rejected);
        ReferenceScores now = ReferenceScores.of(policy, probeSet.pairs(), Math.max(8, p));
        before = new double[][]{now.chosen(), now.rejected()};
        ReferenceScores ref = probeSet.reference();
        PairLossWeights weights = PairLossWeights.of(loss, now.chosen(), now.rejected(), ref.chosen(), ref.rejected(),
                now.lenChosen(), now.lenRejected());
        measure(done, p, allChosen, allRejected, weights, update.sequenceWeights(), rate);
    }

    private void measureBatch(long done, List<Sequence> chosen, List<Sequence> rejected, double[] refChosen,
                              double[] refRejected, AlignmentUpdate update, double rate) {
        var step = update.step();
        before = new double[][]{step.logpChosen(), step.logpRejected()};
        PairLossWeights weights = PairLossWeights.of(loss, step.logpChosen(), step.logpRejected(), refChosen,
                refRejected, step.lenChosen(), step.lenRejected());
        measure(done, 0, chosen, rejected, weights, update.sequenceWeights(), rate);
    }

    /**
     * The geometry of the first {@code p} pairs (all of them when p = 0) of the Gram over
     * {@code chosen}/{@code rejected}, whose last B pairs are the step's batch with weights {@code c}.
     * Probing the batch without a probe that {@linkplain GradientProbe.Need#FULL_PAIR_GRAM needs the
     * full Gram} takes the cheaper per-pair Gram and predicts by the per-pair law for the step's own
     * weights, {@code Δlw_i = −η(c_w,i‖g_w,i‖² + c_l,i⟨g_w,i, g_l,i⟩)}, leaving out the cross-pair terms.
     */
    private void measure(long done, int p, List<Sequence> chosen, List<Sequence> rejected, PairLossWeights weights,
                         double[] c, double rate) {
        int n = chosen.size();
        int probed = p == 0 ? n : p;
        boolean full = p > 0 || due.stream().anyMatch(probe -> probe.wants(GradientProbe.Need.FULL_PAIR_GRAM));
        PairGram gram = policy.pairGram(chosen, rejected, GramMethod.FAST, full);
        geometry = new PairGeometry(done, Arrays.copyOf(gram.chosenSqNorm(), probed),
                Arrays.copyOf(gram.rejectedSqNorm(), probed), Arrays.copyOf(gram.innerProduct(), probed),
                weights.dLogpChosen(), weights.dLogpRejected(), p == 0 && full ? gram.fullGram() : null);
        learningRate = rate;
        predicted = new double[2][probed];
        if (c == null) {
            Arrays.fill(predicted[0], Double.NaN);
            Arrays.fill(predicted[1], Double.NaN);
            return;
        }
        int b = c.length / 2;
        if (!full) {
            for (int i = 0; i < n; i++) {
                double ip = gram.innerProduct()[i];
                predicted[0][i] = -rate * (c[i] * gram.chosenSqNorm()[i] + c[b + i] * ip);
                predicted[1][i] = -rate * (c[i] * ip + c[b + i] * gram.rejectedSqNorm()[i]);
            }
            return;
        }
        double[] stepWeights = new double[2 * n];
        System.arraycopy(c, 0, stepWeights, n - b, b);
        System.arraycopy(c, b, stepWeights, 2 * n - b, b);
        double[] delta = FirstOrderLaw.predict(gram.fullGram(), stepWeights, rate);
        System.arraycopy(delta, 0, predicted[0], 0, probed);
        System.arraycopy(delta, n, predicted[1], 0, probed);
    }

    @Override
    public Map<String, Double> afterStep(long step) {
        if (due.isEmpty()) {
            return Map.of();
        }
        Collector sink = new Collector();
        sink.scalars.putAll(pending);
        if (geometry != null) {
            ReferenceScores after = ReferenceScores.of(policy, measured, Math.max(8, measured.size()));
            int probed = geometry.pairs();
            double[] realisedChosen = new double[probed];
            double[] realisedRejected = new double[probed];
            for (int i = 0; i < probed; i++) {
                realisedChosen[i] = after.chosen()[i] - before[0][i];
                realisedRejected[i] = after.rejected()[i] - before[1][i];
            }
            PairStep observed = new PairStep(geometry, learningRate, predicted[0], predicted[1], realisedChosen,
                    realisedRejected);
            due.stream().filter(p -> p.wants(GradientProbe.Need.STEP)).forEach(p -> p.observeStep(observed, sink));
        }
        geometry = null;
        due = List.of();
        pending = Map.of();
        return sink.scalars;
    }

    private static List<EncodedPair> pairs(List<Sequence> chosen, List<Sequence> rejected) {
        List<EncodedPair> pairs = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            pairs.add(new EncodedPair(chosen.get(i), rejected.get(i)));
        }
        return pairs;
    }

    private TokenPairs tokenPairs(long done) {
        List<EncodedPair> pairs = measured;
        return new TokenPairs() {
            @Override
            public int size() {
                return pairs.size();
            }

            @Override
            public TokenGeometry pair(int i) {
                EncodedPair pair = pairs.get(i);
                return new TokenGeometry(done, i, responseText(pair.chosen()), responseText(pair.rejected()),
                        policy.tokenGram(pair.chosen(), pair.rejected()));
            }
        };
    }

    private List<String> responseText(Sequence sequence) {
        List<String> text = new ArrayList<>(sequence.responseLength());
        for (int t = sequence.responseStart(); t < sequence.tokens().length; t++) {
            text.add(tokenText.apply(sequence.tokens()[t]));
        }
        return text;
    }

    /** Keeps the probes' scalars for the step's metrics and passes their rows on. */
    private final class Collector implements MetricSink {
        final Map<String, Double> scalars = new LinkedHashMap<>();

        @Override
        public void scalar(String name, double value) {
            scalars.put(name, value);
        }

        @Override
        public void row(String table, Map<String, Object> row) {
            tables.row(table, row);
        }
    }
}
