package dev.gramian.runs.align;

import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.margin.align.SyncedReference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alignment rule's own state and TR-DPO's reference as one {@link Resumable}, so that a
 * checkpoint carries both where it carries the rule's: the rule's slots and step count, plus the
 * reference's parameters in the slot {@value SyncedReference#SLOT}.
 */
final class RuleAndReference implements Resumable {
    private final Resumable rule;
    private final SyncedReference reference;

    RuleAndReference(Resumable rule, SyncedReference reference) {
        this.rule = rule;
        this.reference = reference;
    }

    @Override
    public OptimizerState state() {
        OptimizerState own = rule.state();
        if (own.slots().containsKey(SyncedReference.SLOT)) {
            throw new IllegalStateException("the rule's slot '" + SyncedReference.SLOT + "' clashes with TR-DPO's");
        }
        Map<String, ParameterSet> slots = new LinkedHashMap<>(own.slots());
        slots.putAll(reference.state().slots());
        return new OptimizerState(own.steps(), slots);
    }

    @Override
    public void restore(OptimizerState state) {
        Map<String, ParameterSet> slots = new LinkedHashMap<>(state.slots());
        ParameterSet saved = slots.remove(SyncedReference.SLOT);
        reference.restore(new OptimizerState(0, saved == null ? Map.of() : Map.of(SyncedReference.SLOT, saved)));
        rule.restore(new OptimizerState(state.steps(), slots));
    }
}
