package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link TokenMaskingRule} as alignment rule {@code token-mask}. */
public final class TokenMaskingRuleProvider implements PluginProvider<AlignmentRule> {
    private static final PluginInfo INFO = new PluginInfo("token-mask", PluginKind.ALIGNMENT_RULE,
            "sparsity-regularized token masking: learnable [0,1] token weights in the margin with an L1 penalty",
            OptionSpec.real("l1", 0.05, "weight of the L1 penalty on the token weights").atLeast(0),
            OptionSpec.real("rate", 1.0, "proximal step size of the token weights").greaterThan(0));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public AlignmentRule create(Options options) {
        return new TokenMaskingRule(options.real("l1"), options.real("rate"));
    }
}
