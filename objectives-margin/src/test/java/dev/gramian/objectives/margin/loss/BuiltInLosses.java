package dev.gramian.objectives.margin.loss;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;

import java.util.List;
import java.util.Map;

/** The losses of this module as the tests obtain them: through the real plugin catalog. */
final class BuiltInLosses {
    /** The ids of docs/science.md §1, in table order. */
    static final List<String> IDS = List.of("dpo", "ipo", "hinge", "robust", "rdpo", "dpop", "nca", "bco",
            "apo-zero", "sppo-hard", "simpo", "cpo", "orpo", "rrhf", "sft");

    /** The ids of the losses that read the reference model's log-probabilities. */
    static final List<String> REFERENCE_IDS = IDS.subList(0, IDS.indexOf("simpo"));

    static final PluginCatalog CATALOG = PluginCatalog.load(List.of());

    private BuiltInLosses() {
    }

    static MarginLoss create(String id, Map<String, String> options) {
        return CATALOG.create(PluginKind.OBJECTIVE, id, options, MarginLoss.class);
    }

    static MarginLoss create(String id) {
        return create(id, Map.of());
    }
}
