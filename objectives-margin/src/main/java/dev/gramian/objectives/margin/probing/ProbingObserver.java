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

/**
 * Drives {@link GradientProbe}s around alignment steps. When a step is due for a probe (1-based step
 * number divisible by its interval), at the parameters before the step it scores the probe set,
 * takes the fast Gram of the probe pairs together with the step's batch (one 2(P+B)-square matrix,
 * so cross terms between probe pairs and batch pairs are exact), the loss's exact per-pair weights
 * at the probe pairs, and the batch law's prediction {@code Δ = −η Σ_m c_m G[·, m]} over the
 * update's sequence weights c ({@link FirstOrderLaw}); after the step it scores the probe set again
 * for the realised change. Predictions are for the optimiser stepping along the update direction
 * with step size η (plain SGD); an adaptive optimiser rescales coordinates and the prediction then
 * only indicates the direction. A rule that reports no sequence weights gets NaN predictions.
 *
 * <p>Geometry and rows are stamped with the 1-based step number, the {@code metrics.jsonl} line the
 * probe's scalars join.
 */
public final class ProbingObserver implements AlignmentTrainer.StepObserver {
    private final LanguageModel policy;
    private final MarginLoss loss;
    private final List<GradientProbe> probes;
    private final ProbeSet probeSet;
    private final MetricSink tables;

    private PairGeometry geometry;
    private double learningRate;
    private double[][] predicted;
    private ReferenceScores before;
    private List<GradientProbe> due = List.of();
    private Map<String, Double> pending = Map.of();

    /**
     * @param tables where probes' table rows go (its scalars are not used: they are returned by
     *               {@link #afterStep} to join the step's metrics)
     */
    public ProbingObserver(LanguageModel policy, MarginLoss loss, List<GradientProbe> probes, ProbeSet probeSet,
                           MetricSink tables) {
        this.policy = policy;
        this.loss = loss;
        this.probes = List.copyOf(probes);
        this.probeSet = probeSet;
        this.tables = tables;
    }

    @Override
    public void beforeStep(long step, List<Sequence> chosen, List<Sequence> rejected, AlignmentUpdate update,
                           double learningRate) {
        long done = step + 1;
        due = probes.stream().filter(p -> done % p.interval() == 0).toList();
        if (due.isEmpty()) {
            return;
        }
        Collector sink = new Collector();
        if (due.stream().anyMatch(p -> p.wants(GradientProbe.Need.TOKENS))) {
            TokenPairs tokens = tokenPairs(done);
            due.stream().filter(p -> p.wants(GradientProbe.Need.TOKENS)).forEach(p -> p.observeTokens(done, tokens, sink));
        }
        if (due.stream().anyMatch(p -> p.wants(GradientProbe.Need.STEP))) {
            measureBefore(done, chosen, rejected, update, learningRate);
        }
        pending = sink.scalars;
    }

    private void measureBefore(long done, List<Sequence> chosen, List<Sequence> rejected, AlignmentUpdate update,
                               double rate) {
        int p = probeSet.size();
        int b = chosen.size();
        int n = p + b;
        List<Sequence> allChosen = new ArrayList<>(n);
        List<Sequence> allRejected = new ArrayList<>(n);
        for (EncodedPair pair : probeSet.pairs()) {
            allChosen.add(pair.chosen());
            allRejected.add(pair.rejected());
        }
        allChosen.addAll(chosen);
        allRejected.addAll(rejected);
        before = ReferenceScores.of(policy, probeSet.pairs(), Math.max(8, p));
        ReferenceScores ref = probeSet.reference();
        PairLossWeights weights = PairLossWeights.of(loss, before.chosen(), before.rejected(), ref.chosen(),
                ref.rejected(), before.lenChosen(), before.lenRejected());
        PairGram gram = policy.pairGram(allChosen, allRejected, GramMethod.FAST, true);
        geometry = new PairGeometry(done, Arrays.copyOf(gram.chosenSqNorm(), p),
                Arrays.copyOf(gram.rejectedSqNorm(), p), Arrays.copyOf(gram.innerProduct(), p),
                weights.dLogpChosen(), weights.dLogpRejected(), null);
        learningRate = rate;
        predicted = new double[2][p];
        double[] c = update.sequenceWeights();
        if (c == null) {
            Arrays.fill(predicted[0], Double.NaN);
            Arrays.fill(predicted[1], Double.NaN);
            return;
        }
        double[] stepWeights = new double[2 * n];
        System.arraycopy(c, 0, stepWeights, p, b);
        System.arraycopy(c, b, stepWeights, n + p, b);
        double[] delta = FirstOrderLaw.predict(gram.fullGram(), stepWeights, rate);
        System.arraycopy(delta, 0, predicted[0], 0, p);
        System.arraycopy(delta, n, predicted[1], 0, p);
    }

    @Override
    public Map<String, Double> afterStep(long step) {
        if (due.isEmpty()) {
            return Map.of();
        }
        Collector sink = new Collector();
        sink.scalars.putAll(pending);
        if (geometry != null) {
            ReferenceScores after = ReferenceScores.of(policy, probeSet.pairs(), Math.max(8, probeSet.size()));
            double[] realisedChosen = new double[probeSet.size()];
            double[] realisedRejected = new double[probeSet.size()];
            for (int i = 0; i < realisedChosen.length; i++) {
                realisedChosen[i] = after.chosen()[i] - before.chosen()[i];
                realisedRejected[i] = after.rejected()[i] - before.rejected()[i];
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

    private TokenPairs tokenPairs(long done) {
        return new TokenPairs() {
            @Override
            public int size() {
                return probeSet.size();
            }

            @Override
            public TokenGeometry pair(int i) {
                EncodedPair pair = probeSet.pairs().get(i);
                return new TokenGeometry(done, i, responseText(pair.chosen()), responseText(pair.rejected()),
                        policy.tokenGram(pair.chosen(), pair.rejected()));
            }
        };
    }

    private List<String> responseText(Sequence sequence) {
        List<String> text = new ArrayList<>(sequence.responseLength());
        for (int t = sequence.responseStart(); t < sequence.tokens().length; t++) {
            text.add(probeSet.tokenText().apply(sequence.tokens()[t]));
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
