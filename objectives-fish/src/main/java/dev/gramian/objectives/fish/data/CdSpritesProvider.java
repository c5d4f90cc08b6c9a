package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link CdSprites} as domain data set {@code cdsprites}. */
public final class CdSpritesProvider implements PluginProvider<DomainDataset> {
    private static final PluginInfo INFO = new PluginInfo("cdsprites", PluginKind.DOMAIN_DATASET,
            "CdSprites-N: squares vs ellipses, a colour pair per training domain, random colours at validation and test",
            OptionSpec.integer("domains", 5, "training domains N").atLeast(1).atMost(1000),
            OptionSpec.integer("image_size", 64, "image side in pixels (the paper's 64)").atLeast(16).atMost(128),
            OptionSpec.integer("train_examples", 1000, "training examples per domain").atLeast(1),
            OptionSpec.integer("validation_examples", 100, "validation examples per training domain").atLeast(1),
            OptionSpec.integer("selection_examples", 500, "examples of the random-colour validation domain "
                    + "that selects the model").atLeast(1),
            OptionSpec.integer("test_examples", 1000, "examples in the test domain").atLeast(1));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainDataset create(Options options) {
        return new CdSprites(new CdSprites.Settings(options.integer("domains"), options.integer("image_size"),
                options.integer("train_examples"), options.integer("validation_examples"),
                options.integer("selection_examples"), options.integer("test_examples")));
    }
}
