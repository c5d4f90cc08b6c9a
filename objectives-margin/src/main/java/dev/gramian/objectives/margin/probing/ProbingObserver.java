package dev.gramian.objectives.margin.probing;

import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.DirectedPairGram;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.probe.FirstOrderLaw;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairGeometry;
import dev.gramian.api.probe.PairStep;
import dev.gramian.api.probe.TokenGeometry;
import dev.gramian.api.probe.TokenPairs;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.AlignmentTrainer;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.align.SyncedReference;
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
 * number divisible by its interval), the observer keeps the parameters θ before the step; after
 * the step it scores the probe pairs at θ' for the realised change and then, back at θ, takes in one
 * fast pass ({@link LanguageModel#pairGramAlong}) the probe pairs' per-pair Gram, their
 * log-probabilities and their slopes along the step actually taken, {@code ⟨∇logp, θ' − θ⟩}: the
 * first-order prediction of the step's effect. For plain SGD this is the batch law
 * {@code Δ = −η Σ_m c_m ⟨g_k, g_m⟩} of {@link FirstOrderLaw}, cross-pair terms included, without the
 * full Gram; for any other optimiser or rule it is the same law for the update it really made. The
 * loss's exact per-pair weights are taken at θ against the pairs' reference scores.
 *
 * <p>The probe pairs are either a fixed {@link ProbeSet} ({@link #onProbeSet}: comparable from step
 * to step) or each step's own batch ({@link #onBatch}). Geometry and rows are stamped with the
 * 1-based step number, the {@code metrics.jsonl} line the probe's scalars join. A probed step costs
 * one scoring pass and one fast Gram pass over the probe pairs (with WPO, one more scoring pass for
 * the pair weights; with TR-DPO, the reference scores the probe set; with LD-DPO, the pass is
 * seeded with its token weights and measures its log-probabilities), and three parameter copies
 * held between steps; the parameters are restored bit for bit after the pass at θ.
 */
public final class ProbingObserver implements AlignmentTrainer.StepObserver {
    private final LanguageModel policy;
    private final Objective loss;
    private final List<GradientProbe> probes;
    private final ProbeSet probeSet;
    private final IntFunction<String> tokenText;
    private final MetricSink tables;
    /**
     * TRL's options the update follows: with WPO the loss weights carry each pair's weight; with
     * LD-DPO every entry is that of the length-desensitised log-probabilities the loss reads.
     */
    private final AlignmentOptions options;
    /** TR-DPO's reference, which scores the probe set anew before each probed step; null for a fixed reference. */
    private final SyncedReference synced;

    /** The parameters before the probed step, after it, and their difference; allocated on the first probe. */
    private ParameterSet before;
    private ParameterSet reached;
    private ParameterSet change;

    private List<EncodedPair> measured;
    private double[][] reference;
    private boolean stepDue;
    private List<GradientProbe> due = List.of();
    private Map<String, Double> pending = Map.of();

    private ProbingObserver(LanguageModel policy, Objective loss, List<GradientProbe> probes, ProbeSet probeSet,
                            IntFunction<String> tokenText, MetricSink tables, AlignmentOptions options,
                            SyncedReference synced) {
        this.policy = policy;
        this.loss = loss;
        this.probes = List.copyOf(probes);
        this.probeSet = probeSet;
        this.tokenText = tokenText;
        this.tables = tables;
        this.options = options;
        this.synced = synced;
    }

    /**
     * Probes a fixed set of pairs.
     *
     * @param tables where probes' table rows go (its scalars are not used: they are returned by
     *               {@link #afterStep} to join the step's metrics)
     */
    public static ProbingObserver onProbeSet(LanguageModel policy, Objective loss, List<GradientProbe> probes,
                                             ProbeSet probeSet, MetricSink tables) {
        return new ProbingObserver(policy, loss, probes, probeSet, probeSet.tokenText(), tables, AlignmentOptions.NONE,
                null);
    }

    /**
     * Probes each step's own batch.
     *
     * @param tokenText the text of a token id, for token tables
     * @param tables    where probes' table rows go
     */
    public static ProbingObserver onBatch(LanguageModel policy, Objective loss, List<GradientProbe> probes,
                                          IntFunction<String> tokenText, MetricSink tables) {
        return new ProbingObserver(policy, loss, probes, null, tokenText, tables, AlignmentOptions.NONE, null);
    }

    /**
     * This observer for a run with TRL's training {@code options}: with WPO ({@code --use-weighting})
     * each probe pair's loss weights are multiplied by its pair weight, taken at θ as the update takes
     * it; with TR-DPO ({@code synced}, not null) a probe set is scored by the reference as it is before
     * each probed step (a step's own batch already carries those scores). With LD-DPO
     * ({@code --ld-alpha}) the probes measure the log-probabilities its loss reads, each response's
     * tokens past its partner's length weighted by α: their Gram entries, slopes and realised
     * changes (the probe set's reference scores are such sums already). The predictions follow the
     * step the rule really took in every case.
     */
    public ProbingObserver following(AlignmentOptions options, SyncedReference synced) {
        return new ProbingObserver(policy, loss, probes, probeSet, tokenText, tables, options, synced);
    }

    @Override
    public void beforeStep(long step, PairBatch batch, AlignmentUpdate update, double learningRate) {
        long done = step + 1;
        due = probes.stream().filter(p -> done % p.interval() == 0).toList();
        if (due.isEmpty()) {
            return;
        }
        measured = probeSet != null ? probeSet.pairs() : pairs(batch.chosen(), batch.rejected());
        Collector sink = new Collector();
        if (due.stream().anyMatch(p -> p.wants(GradientProbe.Need.TOKENS))) {
            TokenPairs tokens = tokenPairs(done);
            due.stream().filter(p -> p.wants(GradientProbe.Need.TOKENS)).forEach(p -> p.observeTokens(done, tokens, sink));
        }
        stepDue = due.stream().anyMatch(p -> p.wants(GradientProbe.Need.STEP));
        if (stepDue) {
            if (before == null) {
                before = policy.parameters().copy();
                reached = policy.parameters().zerosLike();
                change = policy.parameters().zerosLike();
            } else {
                before.copyFrom(policy.parameters());
            }
            ReferenceScores setReference = probeSet == null ? null
                    : synced != null ? synced.scores(measured) : probeSet.reference();
            reference = setReference != null ? new double[][]{setReference.chosen(), setReference.rejected()}
                    : new double[][]{batch.refChosen(), batch.refRejected()};
        }
        pending = sink.scalars;
    }

    @Override
    public Map<String, Double> afterStep(long step) {
        if (due.isEmpty()) {
            return Map.of();
        }
        Collector sink = new Collector();
        sink.scalars.putAll(pending);
        if (stepDue) {
            PairStep observed = measureStep(step + 1);
            due.stream().filter(p -> p.wants(GradientProbe.Need.STEP)).forEach(p -> p.observeStep(observed, sink));
        }
        stepDue = false;
        due = List.of();
        pending = Map.of();
        return sink.scalars;
    }

    /** The probe pairs' geometry at θ, their slopes along θ' − θ, and their realised change, the model at θ'. */
    private PairStep measureStep(long done) {
        ReferenceScores after = ReferenceScores.of(policy, measured, Math.max(8, measured.size()), options);
        ParameterSet live = policy.parameters();
        reached.copyFrom(live);
        change.copyFrom(live);
        change.addScaled(before, -1);
        DirectedPairGram atBefore;
        List<Sequence> chosen = measured.stream().map(EncodedPair::chosen).toList();
        List<Sequence> rejected = measured.stream().map(EncodedPair::rejected).toList();
        int n = measured.size();
        double[] pairWeight = new double[n];
        Arrays.fill(pairWeight, 1);
        live.copyFrom(before);
        try {
            atBefore = options.ldAlpha().isPresent() ? policy.tokenWeightedPairGramAlong(chosen, rejected,
                    ldWeights(chosen, rejected), ldWeights(rejected, chosen), change)
                    : policy.pairGramAlong(chosen, rejected, change);
            if (options.useWeighting()) {
                List<Sequence> all = new ArrayList<>(chosen);
                all.addAll(rejected);
                TokenStatistics stats = policy.tokenStatistics(all);
                for (int i = 0; i < n; i++) {
                    pairWeight[i] = AlignmentOptions.wpoPairWeight(stats, i, n + i);
                }
            }
        } finally {
            live.copyFrom(reached);
        }
        PairLossWeights weights = PairLossWeights.of(loss, atBefore.logpChosen(), atBefore.logpRejected(),
                reference[0], reference[1], after.lenChosen(), after.lenRejected());
        double[] dLogpChosen = weights.dLogpChosen().clone();
        double[] dLogpRejected = weights.dLogpRejected().clone();
        for (int i = 0; i < n; i++) {
            dLogpChosen[i] *= pairWeight[i];
            dLogpRejected[i] *= pairWeight[i];
        }
        PairGram gram = atBefore.gram();
        PairGeometry geometry = new PairGeometry(done, gram.chosenSqNorm(), gram.rejectedSqNorm(),
                gram.innerProduct(), dLogpChosen, dLogpRejected);
        double[] realisedChosen = after.chosen();
        double[] realisedRejected = after.rejected();
        for (int i = 0; i < n; i++) {
            realisedChosen[i] -= atBefore.logpChosen()[i];
            realisedRejected[i] -= atBefore.logpRejected()[i];
        }
        return new PairStep(geometry, atBefore.slopeChosen(), atBefore.slopeRejected(), realisedChosen, realisedRejected);
    }

    /** LD-DPO's weight of each token of {@code responses}, against their partners' lengths. */
    private double[][] ldWeights(List<Sequence> responses, List<Sequence> partners) {
        double[][] weights = new double[responses.size()][];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = options.tokenWeights(responses.get(i).responseLength(), partners.get(i).responseLength());
        }
        return weights;
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
        for (int t = sequence.responseStart(); t < sequence.length(); t++) {
            text.add(tokenText.apply(sequence.token(t)));
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
