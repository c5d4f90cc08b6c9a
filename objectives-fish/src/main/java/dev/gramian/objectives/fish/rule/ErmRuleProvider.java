package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link ErmRule} as domain rule {@code erm}. */
public final class ErmRuleProvider implements PluginProvider<DomainRule> {
    private static final PluginInfo INFO = new PluginInfo("erm", PluginKind.DOMAIN_RULE,
            "empirical risk minimisation: one step on the union of the domains' minibatches");

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainRule create(Options options) {
        return new ErmRule();
    }
}
