package com.example.gramian.template;

import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Registers {@link MomentumErmRule} as the domain rule {@code momentum-erm}. */
public final class MomentumErmRuleProvider implements PluginProvider<DomainRule> {
    private static final PluginInfo INFO = new PluginInfo("momentum-erm", PluginKind.DOMAIN_RULE,
            "ERM along a momentum buffer the rule keeps across steps (template plugin)",
            OptionSpec.real("mu", 0.9, "momentum coefficient").atLeast(0).lessThan(1));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainRule create(Options options) {
        return new MomentumErmRule(options.real("mu"));
    }
}
