package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link IdgmRule} as domain rule {@code idgm}. */
public final class IdgmRuleProvider implements PluginProvider<DomainRule> {
    private static final PluginInfo INFO = new PluginInfo("idgm", PluginKind.DOMAIN_RULE,
            "inter-domain gradient matching: minimise L_erm − γ·GIP with second-order gradients",
            OptionSpec.real("gamma", 0.1, "γ, the weight of the mean inter-domain gradient inner product")
                    .atLeast(0));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainRule create(Options options) {
        return new IdgmRule(options.real("gamma"));
    }
}
