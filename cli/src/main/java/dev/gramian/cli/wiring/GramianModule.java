package dev.gramian.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;

import java.util.Objects;

/**
 * Binds what commands may inject: the {@link PluginCatalog}, the {@link ProcessStreams}, and for
 * each {@link PluginKind} a {@code Map<String, LoadedPlugin>} from id to plugin, qualified by
 * {@code @Named(kind.label())}, e.g. {@code @Named("backend") Map<String, LoadedPlugin>}.
 */
public final class GramianModule extends AbstractModule {
    private final PluginCatalog catalog;
    private final ProcessStreams streams;

    /** A module over an already loaded catalog. */
    public GramianModule(PluginCatalog catalog, ProcessStreams streams) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    @Override
    protected void configure() {
        bind(PluginCatalog.class).toInstance(catalog);
        bind(ProcessStreams.class).toInstance(streams);
        for (PluginKind kind : PluginKind.values()) {
            MapBinder<String, LoadedPlugin> byId = MapBinder.newMapBinder(binder(), String.class,
                    LoadedPlugin.class, Names.named(kind.label()));
            for (LoadedPlugin plugin : catalog.plugins(kind)) {
                byId.addBinding(plugin.id()).toInstance(plugin);
            }
        }
    }
}
