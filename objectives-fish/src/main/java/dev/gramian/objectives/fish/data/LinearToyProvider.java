package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link LinearToy} as domain data set {@code linear-toy}. */
public final class LinearToyProvider implements PluginProvider<DomainDataset> {
    private static final PluginInfo INFO = new PluginInfo("linear-toy", PluginKind.DOMAIN_DATASET,
            "two features, one invariant and one spurious whose label agreement varies by domain",
            OptionSpec.integer("domains", 3, "training domains S").atLeast(1).atMost(100),
            OptionSpec.real("spurious_high", 0.95, "P(spurious agrees with label) in the first domain")
                    .atLeast(0).atMost(1),
            OptionSpec.real("spurious_low", 0.7, "P(spurious agrees with label) in the last domain").atLeast(0).atMost(1),
            OptionSpec.real("test_spurious", 0.1, "P(spurious agrees with label) in the test domain").atLeast(0).atMost(1),
            OptionSpec.real("invariant_noise", 1.0, "standard deviation of the invariant feature's noise").greaterThan(0),
            OptionSpec.real("spurious_noise", 0.3, "standard deviation of the spurious feature's noise").greaterThan(0),
            OptionSpec.integer("train_examples", 2000, "training examples per domain").atLeast(1),
            OptionSpec.integer("validation_examples", 500, "validation examples per domain").atLeast(1),
            OptionSpec.integer("test_examples", 2000, "examples in the test domain").atLeast(1));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainDataset create(Options options) {
        return new LinearToy(new LinearToy.Settings(options.integer("domains"), options.real("spurious_high"),
                options.real("spurious_low"), options.real("test_spurious"), options.real("invariant_noise"),
                options.real("spurious_noise"), options.integer("train_examples"),
                options.integer("validation_examples"), options.integer("test_examples")));
    }
}
