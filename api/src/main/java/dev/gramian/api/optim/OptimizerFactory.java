package dev.gramian.api.optim;

import java.util.Map;

/**
 * Creates optimiser plugins by id, for the code that hands optimisers to rules choosing their own
 * (Fish's inner loop): a run creates them from its plugin catalog, a test may return its own.
 */
@FunctionalInterface
public interface OptimizerFactory {

    /**
     * A fresh optimiser {@code id} with {@code options} (keys it declares; the others keep their
     * defaults).
     *
     * @throws dev.gramian.api.GramianException (plugin) for an unknown id, listing the known ones;
     *                                          (usage) for an undeclared key or a bad value, naming both
     */
    Optimizer create(String id, Map<String, String> options);
}
