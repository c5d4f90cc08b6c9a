package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link FishSmoothRule} as domain rule {@code fish-smooth}. */
public final class FishSmoothRuleProvider implements PluginProvider<DomainRule> {
    private static final PluginInfo INFO = new PluginInfo("fish-smooth", PluginKind.DOMAIN_RULE,
            "Fish with explicit strength: step along G_erm + γ(G_fish − G_erm)",
            OptionSpec.real("gamma", 1.0, "γ: 0 is ERM, 1 is Fish's direction").atLeast(0),
            OptionSpec.real("inner_lr", 0, "inner SGD step size α; 0 uses the run's learning rate").atLeast(0));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainRule create(Options options) {
        return new FishSmoothRule(options.real("gamma"), options.real("inner_lr"));
    }
}
