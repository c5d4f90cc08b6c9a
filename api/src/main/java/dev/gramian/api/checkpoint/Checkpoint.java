package dev.gramian.api.checkpoint;

import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run needs to continue bit-identically: the model configuration, the training step,
 * the random generator's state, the parameters, the optimiser's state and free-form metadata. The
 * record is an immutable snapshot: the constructor deep-copies the parameters and optimiser slots,
 * and {@link #parameters()} and {@link #optimizer()} return fresh copies, so training on after
 * taking a checkpoint never changes it. {@link CheckpointFile} writes and reads it.
 *
 * @param modelConfig what the backend needs to rebuild the model, as ordered text (e.g. {@code layers=4});
 *                    kept as text so this API stays free of any JSON or config library
 * @param step        the number of training steps completed, at least 0
 * @param rngState    the trainer's {@link dev.gramian.api.random.SplitMix64#state()}
 * @param parameters  the model parameters
 * @param optimizer   the optimiser's step count and slots
 * @param metadata    anything else worth keeping (plugin ids, options, versions), as ordered text
 */
public record Checkpoint(Map<String, String> modelConfig, long step, long rngState, ParameterSet parameters,
                         OptimizerState optimizer, Map<String, String> metadata) {

    public Checkpoint {
        modelConfig = orderedCopy("modelConfig", modelConfig);
        metadata = orderedCopy("metadata", metadata);
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be at least 0, got " + step);
        }
        parameters = Objects.requireNonNull(parameters, "parameters").copy();
        Objects.requireNonNull(optimizer, "optimizer");
        optimizer = new OptimizerState(optimizer.steps(), optimizer.slots());
    }

    /** A fresh deep copy of the parameters. */
    @Override
    public ParameterSet parameters() {
        return parameters.copy();
    }

    /** A fresh deep copy of the optimiser state. */
    @Override
    public OptimizerState optimizer() {
        return new OptimizerState(optimizer.steps(), optimizer.slots());
    }

    private static Map<String, String> orderedCopy(String what, Map<String, String> map) {
        Objects.requireNonNull(map, what);
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, what + " key"),
                Objects.requireNonNull(value, what + " value of '" + key + "'")));
        return Collections.unmodifiableMap(copy);
    }
}
