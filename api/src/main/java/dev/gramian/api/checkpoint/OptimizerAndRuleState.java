package dev.gramian.api.checkpoint;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The optimiser's state and the update rule's own state ({@link Resumable#state()}), as one
 * checkpoint stores them: the checkpoint's optimiser state holds the optimiser's slots and step
 * count, followed by each of the rule's slots named {@value #RULE_PREFIX}{@code <slot>}; the rule's
 * step count is the metadata entry {@value #RULE_STEPS}. A rule with the empty state adds nothing,
 * so a stateless rule's checkpoint is the plain optimiser's. The file format does not change, and
 * {@link Checkpoint#parameters()} stays the model's alone, so such a checkpoint still loads as a
 * model wherever one is expected.
 *
 * @param optimizer the optimiser's state; no slot name starts with {@value #RULE_PREFIX}
 * @param rule      the rule's state
 */
public record OptimizerAndRuleState(OptimizerState optimizer, OptimizerState rule) {
    /** What the rule's slot names start with in a checkpoint's optimiser state. */
    public static final String RULE_PREFIX = "rule:";
    /** The metadata key of the rule's step count. */
    public static final String RULE_STEPS = "rule_steps";

    public OptimizerAndRuleState {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(rule, "rule");
        for (String slot : optimizer.slots().keySet()) {
            if (slot.startsWith(RULE_PREFIX)) {
                throw new IllegalArgumentException("optimiser slot '" + slot + "' starts with '" + RULE_PREFIX
                        + "', which marks the rule's state");
            }
        }
    }

    /**
     * A checkpoint holding this state beside the given parts (see {@link Checkpoint} for each).
     *
     * @param metadata the checkpoint's metadata without {@value #RULE_STEPS}
     */
    public Checkpoint checkpoint(Map<String, String> modelConfig, long step, long rngState, ParameterSet parameters,
                                 Map<String, String> metadata) {
        Map<String, ParameterSet> slots = new LinkedHashMap<>(optimizer.slots());
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        if (!rule.isEmpty()) {
            rule.slots().forEach((slot, values) -> slots.put(RULE_PREFIX + slot, values));
            meta.put(RULE_STEPS, Long.toString(rule.steps()));
        }
        return new Checkpoint(modelConfig, step, rngState, parameters, new OptimizerState(optimizer.steps(), slots),
                meta);
    }

    /**
     * Gives the optimiser and the rule their states back, before the first step of a resumed run.
     *
     * @param file where the checkpoint was read, for messages
     * @throws GramianException (input) naming {@code file} when either refuses its state
     */
    public void restore(Optimizer optimizer, Resumable rule, Path file) {
        try {
            optimizer.restore(this.optimizer);
            rule.restore(this.rule);
        } catch (IllegalArgumentException e) {
            throw GramianException.input(file.toString(), 0, e.getMessage());
        }
    }

    /**
     * Separates the optimiser's and the rule's state that {@link #checkpoint} stored; a checkpoint
     * without rule slots and {@value #RULE_STEPS} holds the empty rule state.
     *
     * @param file where the checkpoint was read, for messages
     * @throws GramianException (input) naming {@code file} when {@value #RULE_STEPS} is not a step count
     */
    public static OptimizerAndRuleState of(Checkpoint checkpoint, Path file) {
        OptimizerState stored = checkpoint.optimizer();
        Map<String, ParameterSet> optimizerSlots = new LinkedHashMap<>();
        Map<String, ParameterSet> ruleSlots = new LinkedHashMap<>();
        stored.slots().forEach((slot, values) -> {
            if (slot.startsWith(RULE_PREFIX)) {
                ruleSlots.put(slot.substring(RULE_PREFIX.length()), values);
            } else {
                optimizerSlots.put(slot, values);
            }
        });
        String steps = checkpoint.metadata().getOrDefault(RULE_STEPS, "0");
        long ruleSteps;
        try {
            ruleSteps = Long.parseLong(steps);
        } catch (NumberFormatException e) {
            ruleSteps = -1;
        }
        if (ruleSteps < 0) {
            throw GramianException.input(file.toString(), 0, "checkpoint metadata '" + RULE_STEPS + "' is '" + steps
                    + "', not a step count");
        }
        return new OptimizerAndRuleState(new OptimizerState(stored.steps(), optimizerSlots),
                new OptimizerState(ruleSteps, ruleSlots));
    }
}
