package dev.gramian.objectives.margin.align;

import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.margin.data.EncodedPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TR-DPO's reference model: a second model that scores each batch when it is trained on (and the
 * held-out pairs when they are evaluated), and that moves toward the policy after every k-th step,
 * {@code θ_ref ← θ_ref + α(θ − θ_ref)} ({@link AlignmentOptions.ReferenceSync}). Its parameters are
 * its state for checkpoints, one slot named {@value #SLOT} in the layout of the model's parameters,
 * so that a resumed run continues with the reference the stopped run had.
 */
public final class SyncedReference implements Resumable {
    /** The slot name of the reference's parameters in {@link #state()}. */
    public static final String SLOT = "reference";

    private final LanguageModel reference;
    private final AlignmentOptions.ReferenceSync sync;
    private final AlignmentOptions options;
    private final int scoringBatch;

    /**
     * @param reference    the reference model, its parameters the policy's starting ones (this
     *                     object changes them in place; the caller closes the model)
     * @param options      the run's options: their reference sync, and LD-DPO's sums
     * @param scoringBatch pairs scored per forward pass
     * @throws IllegalArgumentException when {@code options} has no reference sync
     */
    public SyncedReference(LanguageModel reference, AlignmentOptions options, int scoringBatch) {
        this.reference = reference;
        this.sync = options.referenceSync().orElseThrow(() -> new IllegalArgumentException("no reference sync"));
        this.options = options;
        this.scoringBatch = scoringBatch;
    }

    /** The pairs at {@code indices} of {@code pairs} as one batch, with the reference's current scores. */
    public PairBatch batch(List<EncodedPair> pairs, int[] indices) {
        List<EncodedPair> chosen = new ArrayList<>(indices.length);
        for (int index : indices) {
            chosen.add(pairs.get(index));
        }
        ReferenceScores scores = scores(chosen);
        int[] identity = new int[indices.length];
        for (int k = 0; k < identity.length; k++) {
            identity[k] = k;
        }
        return scores.batch(chosen, identity);
    }

    /** Every pair's scores under the reference as it is now. */
    public ReferenceScores scores(List<EncodedPair> pairs) {
        return ReferenceScores.of(reference, pairs, scoringBatch, options);
    }

    /** Moves the reference toward {@code policy} if step {@code done} (1-based) is a sync step. */
    public void afterStep(long done, ParameterSet policy) {
        if (sync.syncsAfter(done)) {
            reference.parameters().interpolateToward(policy, sync.mixupAlpha());
        }
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(0, Map.of(SLOT, reference.parameters()));
    }

    @Override
    public void restore(OptimizerState state) {
        ParameterSet saved = state.slots().get(SLOT);
        if (saved == null || state.slots().size() != 1 || !saved.sameLayout(reference.parameters())) {
            throw new IllegalArgumentException("the checkpoint holds no TR-DPO reference of this model's layout "
                    + "(slots " + state.slots().keySet() + "); resume with the run's --sync-ref-model settings");
        }
        reference.parameters().copyFrom(saved);
    }
}
