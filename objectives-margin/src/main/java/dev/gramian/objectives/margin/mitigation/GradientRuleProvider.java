package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link GradientRule} as alignment rule {@code gradient}, the default. */
public final class GradientRuleProvider implements PluginProvider<AlignmentRule> {
    private static final PluginInfo INFO = new PluginInfo("gradient", PluginKind.ALIGNMENT_RULE,
            "plain gradient descent on the mean margin loss (the default)");

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public AlignmentRule create(Options options) {
        return new GradientRule();
    }
}
