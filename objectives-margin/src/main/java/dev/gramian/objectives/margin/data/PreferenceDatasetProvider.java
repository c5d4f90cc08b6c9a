package dev.gramian.objectives.margin.data;

import dev.gramian.api.objective.PreferenceDataset;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Shared shape of the built-in preference data set providers: size and held-out share are common options. */
abstract class PreferenceDatasetProvider implements PluginProvider<PreferenceDataset> {
    private final PluginInfo info;
    private final Function<Options, PreferenceDataset> factory;

    PreferenceDatasetProvider(String id, String summary, int defaultSize,
                              Function<Options, PreferenceDataset> factory, OptionSpec... extra) {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.integer("size", defaultSize, "number of distinct pairs generated").atLeast(2));
        options.add(OptionSpec.real("eval_fraction", 0.1, "share of pairs held out for evaluation")
                .greaterThan(0).lessThan(1));
        options.addAll(List.of(extra));
        this.info = new PluginInfo(id, PluginKind.PREFERENCE_DATASET, summary, options);
        this.factory = factory;
    }

    @Override
    public final PluginInfo info() {
        return info;
    }

    @Override
    public final PreferenceDataset create(Options options) {
        return factory.apply(options);
    }

    static PreferenceDataset sentiment(String suffix, Options options) {
        return new SentimentPairs(suffix, options.integer("size"), options.real("eval_fraction"));
    }
}
