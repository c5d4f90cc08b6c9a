package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Provides {@link RotatedMnist} as domain data set {@code rotated-mnist}; the files are read in {@code load}. */
public final class RotatedMnistProvider implements PluginProvider<DomainDataset> {
    private static final PluginInfo INFO = new PluginInfo("rotated-mnist", PluginKind.DOMAIN_DATASET,
            "DomainBed's Rotated MNIST: environments rotated by 0, 15, ..., 75 degrees",
            MnistSettings.options(RotatedMnist.ANGLES.length, RotatedMnist.ANGLES.length - 1));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DomainDataset create(Options options) {
        return new RotatedMnist(MnistSettings.from(options));
    }
}
