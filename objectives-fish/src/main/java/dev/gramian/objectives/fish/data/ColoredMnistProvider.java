package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link ColoredMnist} as domain data set {@code colored-mnist}; the files are read in {@code load}. */
public final class ColoredMnistProvider implements PluginProvider<DomainDataset> {
    private static final PluginInfo INFO = new PluginInfo("colored-mnist", PluginKind.DOMAIN_DATASET,
            "DomainBed's Colored MNIST: environments +90%, +80%, -90% colour-label agreement",
            MnistSettings.options(ColoredMnist.COLOUR_FLIP.length, 2));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainDataset create(Options options) {
        return new ColoredMnist(MnistSettings.from(options));
    }
}
