package dev.gramian.objectives.fish.rule;

import dev.gramian.api.GramianException;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

import java.util.Map;

/**
 * Provides {@link FishRule} as domain rule {@code fish}. The defaults follow DomainBed: ε = 0.5, an
 * Adam inner optimiser whose state persists across meta steps, one inner step per domain;
 * {@code inner_amsgrad} gives the inner Adam AMSGrad.
 */
public final class FishRuleProvider implements PluginProvider<DomainRule> {
    private static final PluginInfo INFO = new PluginInfo("fish", PluginKind.DOMAIN_RULE,
            "Fish: inner steps over the domains on a copy, then θ ← θ + ε(θ̃ − θ)",
            OptionSpec.real("meta_lr", 0.5, "meta step ε (DomainBed searches 0.05, 0.1, 0.5)")
                    .greaterThan(0).atMost(1),
            OptionSpec.real("inner_lr", 0, "inner step size α; 0 uses the run's learning rate").atLeast(0),
            OptionSpec.choice("inner_optimizer", "adam", "optimiser of the inner loop", "sgd", "adam"),
            OptionSpec.bool("inner_amsgrad", false, "AMSGrad for the inner Adam (as the fish demo's ERM runs Adam)"),
            OptionSpec.bool("persist_inner_state", true, "keep the inner optimiser's state across meta steps"),
            OptionSpec.integer("domains_per_step", 0, "domains visited per meta step; 0 means all").atLeast(0),
            OptionSpec.choice("order", "random", "domain order within a meta step", "random", "fixed"),
            OptionSpec.integer("warmup_steps", 0, "initial ERM steps before Fish starts").atLeast(0));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainRule create(Options options) {
        String inner = options.string("inner_optimizer");
        boolean amsgrad = options.bool("inner_amsgrad");
        if (amsgrad && !inner.equals("adam")) {
            throw GramianException.usage("domain rule 'fish': inner_amsgrad=true needs inner_optimizer=adam, not "
                    + inner);
        }
        return new FishRule(new FishRule.Settings(options.real("meta_lr"), options.real("inner_lr"), inner,
                options.bool("persist_inner_state"),
                new DomainOrder(options.string("order").equals("random"), options.integer("domains_per_step")),
                options.integer("warmup_steps"), amsgrad ? Map.of("amsgrad", "true") : Map.of()));
    }
}
