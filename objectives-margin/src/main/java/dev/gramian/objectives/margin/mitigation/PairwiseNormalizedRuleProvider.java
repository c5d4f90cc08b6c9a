package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link PairwiseNormalizedRule} as alignment rule {@code normalized}. */
public final class PairwiseNormalizedRuleProvider implements PluginProvider<AlignmentRule> {
    private static final PluginInfo INFO = new PluginInfo("normalized", PluginKind.ALIGNMENT_RULE,
            "pairwise normalized gradient descent: d_w g_w/|g_w| + d_l g_l/|g_l| per pair (chosen never falls)",
            OptionSpec.bool("rescale", true, "scale the direction to plain descent's magnitude (mean gradient norm)"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public AlignmentRule create(Options options) {
        return new PairwiseNormalizedRule(options.bool("rescale"));
    }
}
