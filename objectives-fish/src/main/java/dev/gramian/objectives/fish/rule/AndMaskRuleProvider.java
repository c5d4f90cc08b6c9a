package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link AndMaskRule} as domain rule {@code and-mask}. */
public final class AndMaskRuleProvider implements PluginProvider<DomainRule> {
    private static final PluginInfo INFO = new PluginInfo("and-mask", PluginKind.DOMAIN_RULE,
            "AND-mask: keep the mean gradient only where the domains agree in sign",
            OptionSpec.real("tau", 1.0, "agreement threshold τ on |mean sign| (1: all domains agree)")
                    .atLeast(0).atMost(1),
            OptionSpec.bool("rescale", true, "divide each array by the fraction of its elements kept"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainRule create(Options options) {
        return new AndMaskRule(options.real("tau"), options.bool("rescale"));
    }
}
