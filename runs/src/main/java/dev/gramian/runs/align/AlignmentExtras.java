package dev.gramian.runs.align;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.AlignmentTrainer;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.align.SyncedReference;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.mitigation.GradientRule;
import dev.gramian.objectives.margin.probing.ProbeSet;
import dev.gramian.objectives.margin.probing.ProbingObserver;

import java.util.List;
import java.util.function.IntFunction;

/**
 * What an alignment run adds to the plain loss gradient: its update rule and its probes, which
 * watch the first {@code probePairs} held-out pairs (training pairs when nothing is held out), or
 * each step's own batch when {@code probePairs} is 0.
 *
 * @param rule       the alignment rule
 * @param probes     the probes (may be empty)
 * @param probePairs how many pairs the probe set holds; 0 to probe each step's batch
 * @param tokenText  the text of a token id, for token tables
 */
public record AlignmentExtras(AlignmentRule rule, List<GradientProbe> probes, int probePairs,
                              IntFunction<String> tokenText) {
    /** Plain gradient descent, no probes. */
    public static final AlignmentExtras PLAIN = new AlignmentExtras(new GradientRule(), List.of(), 0,
            Integer::toString);

    public AlignmentExtras {
        probes = List.copyOf(probes);
        if (probePairs < 0) {
            throw new IllegalArgumentException("the probe set cannot have " + probePairs + " pairs");
        }
    }

    /**
     * The trainer's step observer: none without probes, otherwise a {@link ProbingObserver} on the
     * probe set or the batch, writing table rows to {@code tables} and following TRL's training
     * {@code options} (WPO's pair weights, TR-DPO's reference {@code synced}, null without it).
     */
    public AlignmentTrainer.StepObserver observer(LanguageModel policy, Objective loss, List<EncodedPair> eval,
                                                  ReferenceScores evalRef, List<EncodedPair> train,
                                                  ReferenceScores trainRef, MetricSink tables,
                                                  AlignmentOptions options, SyncedReference synced) {
        if (probes.isEmpty()) {
            return AlignmentTrainer.StepObserver.NONE;
        }
        if (probePairs == 0) {
            return ProbingObserver.onBatch(policy, loss, probes, tokenText, tables).following(options, synced);
        }
        boolean held = !eval.isEmpty();
        List<EncodedPair> source = held ? eval : train;
        ReferenceScores ref = held ? evalRef : trainRef;
        int n = Math.min(probePairs, source.size());
        return ProbingObserver.onProbeSet(policy, loss, probes,
                new ProbeSet(source.subList(0, n), ref.head(n), tokenText), tables).following(options, synced);
    }
}
