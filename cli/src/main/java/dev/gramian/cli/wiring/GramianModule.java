package dev.gramian.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.option.VerbosityOptions;
import dev.gramian.runs.progress.ProgressDisplay;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Binds what commands may inject: the {@link PluginCatalog}, the {@link ProcessStreams}, the
 * shared {@link VerbosityOptions} of the root command and the {@link ProgressDisplay} they ask for.
 * The verbosity is a supplier because the injector may be built while the arguments are still being
 * parsed; commands are injected only after parsing.
 */
public final class GramianModule extends AbstractModule {
    private final PluginCatalog catalog;
    private final ProcessStreams streams;
    private final Supplier<VerbosityOptions> verbosity;

    /** A module over an already loaded catalog, with the root command's verbosity flags. */
    public GramianModule(PluginCatalog catalog, ProcessStreams streams, Supplier<VerbosityOptions> verbosity) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.verbosity = Objects.requireNonNull(verbosity, "verbosity");
    }

    @Override
    protected void configure() {
        bind(PluginCatalog.class).toInstance(catalog);
        bind(ProcessStreams.class).toInstance(streams);
    }

    @Provides
    VerbosityOptions verbosity() {
        return verbosity.get();
    }

    @Provides
    ProgressDisplay progressDisplay(VerbosityOptions flags) {
        return ProgressDisplay.of(flags.quiet(), flags.verbose(), streams.err());
    }
}
