package dev.gramian.objectives.margin.loss;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;

import java.util.List;
import java.util.Map;

/** The losses of this module as the tests obtain them: through the real plugin catalog. */
final class BuiltInLosses {
    /** The ids of docs/science.md §1, in table order, then those added from TRL's loss types. */
    static final List<String> IDS = List.of("dpo", "ipo", "hinge", "robust", "rdpo", "dpop", "nca", "bco",
            "apo-zero", "sppo-hard", "simpo", "cpo", "orpo", "rrhf", "sft", "exo", "apo-down", "dpo-norm", "discopop");

    /** The ids of the losses over a whole batch. */
    static final List<String> BATCH_IDS = List.of("aot", "aot-unpaired");

    /** The ids of the losses that read the reference model's log-probabilities. */
    static final List<String> REFERENCE_IDS = List.of("dpo", "ipo", "hinge", "robust", "rdpo", "dpop", "nca", "bco",
            "apo-zero", "sppo-hard", "exo", "apo-down", "dpo-norm", "discopop");

    static final PluginCatalog CATALOG = PluginCatalog.load(List.of());

    private BuiltInLosses() {
    }

    /** The margin loss {@code spec} names: one id, or a weighted sum such as {@code dpo:0.8,sft:1.0}. */
    static MarginLoss create(String spec, Map<String, String> options) {
        return ObjectiveSpec.parse(spec).createMarginLoss(CATALOG, options, "this test");
    }

    /** The objective {@code spec} names, a margin or a batch loss. */
    static Objective objective(String spec, Map<String, String> options) {
        return ObjectiveSpec.parse(spec).create(CATALOG, options);
    }

    static MarginLoss create(String id) {
        return create(id, Map.of());
    }
}
